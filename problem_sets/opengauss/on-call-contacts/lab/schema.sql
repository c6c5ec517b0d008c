-- Who answers the phone when a site goes down at night.
CREATE TABLE engineers (
    eng_id       integer      PRIMARY KEY,
    name         varchar(32)  NOT NULL,
    team         varchar(16)  NOT NULL,          -- core, access, datacenter
    mobile       varchar(16),                    -- NULL: no work mobile
    left_on      date                            -- NULL: still with the company
);

CREATE TABLE sites (
    site_id      integer      PRIMARY KEY,
    code         varchar(16)  NOT NULL UNIQUE,
    city         varchar(32)  NOT NULL,
    primary_eng  integer      REFERENCES engineers (eng_id),   -- NULL: nobody assigned
    backup_eng   integer      REFERENCES engineers (eng_id)    -- NULL: nobody assigned
);
