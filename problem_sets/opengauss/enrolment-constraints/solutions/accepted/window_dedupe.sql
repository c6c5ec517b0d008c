-- Duplicates found with row_number(); the unique pair as (course_id, student_id), whose index
-- also serves lookups by course.
DELETE FROM enrollments
WHERE student_id NOT IN (SELECT student_id FROM students)
   OR course_id NOT IN (SELECT course_id FROM courses);
DELETE FROM enrollments
WHERE enrollment_id IN (
    SELECT enrollment_id FROM (
        SELECT enrollment_id,
               row_number() OVER (PARTITION BY student_id, course_id
                                  ORDER BY enrolled_on, enrollment_id) AS n
        FROM enrollments) ranked
    WHERE n > 1);
UPDATE enrollments SET score = NULL WHERE NOT (score BETWEEN 0 AND 100);
ALTER TABLE enrollments ADD UNIQUE (course_id, student_id);
ALTER TABLE enrollments ADD CHECK (score >= 0 AND score <= 100);
ALTER TABLE enrollments ADD FOREIGN KEY (student_id) REFERENCES students ON DELETE CASCADE;
ALTER TABLE enrollments ADD FOREIGN KEY (course_id) REFERENCES courses ON DELETE RESTRICT;
CREATE UNIQUE INDEX ON students (upper(email));
