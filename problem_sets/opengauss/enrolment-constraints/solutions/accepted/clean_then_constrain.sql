-- 1. Clean the data, so that the constraints can be created.
DELETE FROM enrollments e
WHERE NOT EXISTS (SELECT 1 FROM students s WHERE s.student_id = e.student_id)
   OR NOT EXISTS (SELECT 1 FROM courses c WHERE c.course_id = e.course_id);

DELETE FROM enrollments e
USING enrollments first
WHERE first.student_id = e.student_id AND first.course_id = e.course_id
  AND (first.enrolled_on, first.enrollment_id) < (e.enrolled_on, e.enrollment_id);

UPDATE enrollments SET score = NULL WHERE score < 0 OR score > 100;

-- 2. The rules.
ALTER TABLE enrollments
    ADD CONSTRAINT enrollments_student_fk FOREIGN KEY (student_id)
        REFERENCES students (student_id) ON DELETE CASCADE,
    ADD CONSTRAINT enrollments_course_fk FOREIGN KEY (course_id) REFERENCES courses (course_id),
    ADD CONSTRAINT enrollments_student_course_key UNIQUE (student_id, course_id),
    ADD CONSTRAINT enrollments_score_range CHECK (score BETWEEN 0 AND 100);

CREATE UNIQUE INDEX students_email_ci_key ON students (lower(email));

-- 3. "All enrolments of a course" without reading the whole table.
CREATE INDEX enrollments_course_idx ON enrollments (course_id);
