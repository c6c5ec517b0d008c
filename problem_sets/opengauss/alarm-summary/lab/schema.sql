-- Alarms raised by network devices, as collected by the NOC's fault management system.
CREATE TABLE devices (
    device_id   integer     PRIMARY KEY,
    hostname    varchar(64) NOT NULL UNIQUE,
    site_code   varchar(16) NOT NULL
);

CREATE TABLE alarms (
    alarm_id    integer     PRIMARY KEY,
    device_id   integer     NOT NULL REFERENCES devices (device_id),
    severity    varchar(8)  NOT NULL
                CHECK (severity IN ('critical', 'major', 'minor', 'warning')),
    alarm_code  varchar(32) NOT NULL,           -- e.g. LINK_DOWN, BGP_PEER_DOWN
    raised_at   timestamp   NOT NULL,
    cleared_at  timestamp                       -- NULL while the alarm is still active
);
