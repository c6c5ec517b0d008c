-- Deterministic seed data: 110 students, 6 courses, about 300 enrolments, with the faults of a
-- spreadsheet import: enrolments of deleted students and of a course that was never opened,
-- students registered twice for the same course, -1 for "absent" and typing errors in scores.
INSERT INTO courses VALUES
    ('HCIA-DC',    'Datacom Associate',      'datacom'),
    ('HCIP-DC',    'Datacom Professional',   'datacom'),
    ('HCIA-EULER', 'openEuler Associate',    'openeuler'),
    ('HCIP-EULER', 'openEuler Professional', 'openeuler'),
    ('HCIA-GAUSS', 'openGauss Associate',    'opengauss'),
    ('HCIP-GAUSS', 'openGauss Professional', 'opengauss');

INSERT INTO students
SELECT s,
       (ARRAY['Li', 'Wang', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou'])[1 + s % 10]
           || ' ' || (ARRAY['Wei', 'Fang', 'Na', 'Min', 'Jing', 'Lei', 'Yan', 'Tao', 'Hui', 'Jun', 'Qiang'])[1 + (s * 7) % 11],
       CASE WHEN s % 9 = 0
            THEN initcap((ARRAY['li', 'wang', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou'])[1 + s % 10])
            ELSE (ARRAY['li', 'wang', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou'])[1 + s % 10] END
           || '.' || s || '@train.example.cn',
       '2024-' || (ARRAY['DC', 'EU', 'GS'])[1 + s % 3] || '-' || chr(65 + s % 2)
FROM generate_series(1, 110) s;

WITH wanted AS (
    -- Students 111 to 115 were deleted; HCIA-AI was never opened.
    SELECT s, c, course, dup
    FROM generate_series(1, 115) s
    CROSS JOIN LATERAL unnest(ARRAY['HCIA-DC', 'HCIP-DC', 'HCIA-EULER', 'HCIP-EULER',
                                    'HCIA-GAUSS', 'HCIP-GAUSS', 'HCIA-AI'])
                       WITH ORDINALITY AS x (course, c)
    CROSS JOIN LATERAL (VALUES (0), (1)) d (dup)
    WHERE (s * 7 + c * 3) % 5 < 2
      AND (c < 7 OR s % 19 = 3)
      AND (dup = 0 OR (s + c) % 17 = 0)
)
INSERT INTO enrollments
SELECT row_number() OVER (ORDER BY s, c, dup)::integer + 1000,
       s, course,
       date '2024-02-26' + (s % 20 + c * 7 + dup * (3 + s % 4))::integer,
       CASE WHEN dup = 1 THEN NULL
            WHEN (s + c) % 9 = 4 THEN NULL
            WHEN (s * c) % 23 = 5 THEN -1
            WHEN (s + c * 5) % 41 = 7 THEN ((s * 13 + c * 29) % 61 + 40) * 10
            ELSE ((s * 13 + c * 29) % 61 + 40) + (s % 2) * 0.5 END
FROM wanted;
