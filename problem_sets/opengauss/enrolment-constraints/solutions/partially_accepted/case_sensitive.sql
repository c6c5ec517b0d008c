-- Clean and constrained, but e-mail is unique only case-sensitively, the score placeholders are
-- set to 0 instead of NULL, and deleting a student is blocked instead of cascading.
DELETE FROM enrollments e
WHERE NOT EXISTS (SELECT 1 FROM students s WHERE s.student_id = e.student_id)
   OR NOT EXISTS (SELECT 1 FROM courses c WHERE c.course_id = e.course_id);
DELETE FROM enrollments e USING enrollments f
WHERE f.student_id = e.student_id AND f.course_id = e.course_id
  AND (f.enrolled_on, f.enrollment_id) < (e.enrolled_on, e.enrollment_id);
UPDATE enrollments SET score = 0 WHERE score < 0 OR score > 100;
ALTER TABLE enrollments ADD UNIQUE (student_id, course_id);
ALTER TABLE enrollments ADD CHECK (score BETWEEN 0 AND 100);
ALTER TABLE enrollments ADD FOREIGN KEY (student_id) REFERENCES students;
ALTER TABLE enrollments ADD FOREIGN KEY (course_id) REFERENCES courses;
ALTER TABLE students ADD UNIQUE (email);
CREATE INDEX ON enrollments (course_id, score);
