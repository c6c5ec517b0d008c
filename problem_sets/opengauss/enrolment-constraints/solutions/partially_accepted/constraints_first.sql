-- Adds the rules before cleaning: the foreign keys, the unique pair and the score check fail on
-- the dirty rows (each statement's error is reported and the script goes on), and the cleaning
-- that follows is only partly right (duplicates keep the latest row).
ALTER TABLE enrollments ADD FOREIGN KEY (student_id) REFERENCES students ON DELETE CASCADE;
ALTER TABLE enrollments ADD FOREIGN KEY (course_id) REFERENCES courses;
ALTER TABLE enrollments ADD UNIQUE (student_id, course_id);
ALTER TABLE enrollments ADD CHECK (score BETWEEN 0 AND 100);
CREATE UNIQUE INDEX ON students (lower(email));
CREATE INDEX ON enrollments (course_id);
DELETE FROM enrollments e
WHERE NOT EXISTS (SELECT 1 FROM students s WHERE s.student_id = e.student_id)
   OR NOT EXISTS (SELECT 1 FROM courses c WHERE c.course_id = e.course_id);
DELETE FROM enrollments e USING enrollments later
WHERE later.student_id = e.student_id AND later.course_id = e.course_id
  AND later.enrollment_id > e.enrollment_id;
UPDATE enrollments SET score = NULL WHERE score < 0 OR score > 100;
