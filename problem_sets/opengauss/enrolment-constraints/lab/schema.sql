-- The training centre's enrolment database, imported from spreadsheets: keys, but no rules.
CREATE TABLE students (
    student_id    integer      PRIMARY KEY,
    full_name     varchar(64)  NOT NULL,
    email         varchar(128) NOT NULL,
    cohort        varchar(16)  NOT NULL          -- e.g. 2024-DC-A
);

CREATE TABLE courses (
    course_id     varchar(16)  PRIMARY KEY,      -- e.g. HCIA-DC
    title         varchar(100) NOT NULL,
    track         varchar(16)  NOT NULL
);

CREATE TABLE enrollments (
    enrollment_id integer      PRIMARY KEY,
    student_id    integer      NOT NULL,
    course_id     varchar(16)  NOT NULL,
    enrolled_on   date         NOT NULL,
    score         numeric(5,1)                   -- exam score; NULL until the exam is taken
);
