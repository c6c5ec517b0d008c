-- Daily peak utilisation of the uplinks of each site, from the traffic collector.
CREATE TABLE links (
    link_id      integer      PRIMARY KEY,
    site         varchar(16)  NOT NULL,          -- e.g. SZ-DC1
    name         varchar(48)  NOT NULL,          -- e.g. SZ-DC1:XGE0/0/1 -> GZ-POP3
    capacity_g   integer      NOT NULL,          -- Gbit/s
    UNIQUE (site, name)
);

CREATE TABLE daily_peaks (
    link_id      integer      NOT NULL REFERENCES links (link_id),
    day          date         NOT NULL,
    peak_pct     numeric(4, 1) NOT NULL,         -- highest 5-minute utilisation of the day, %
    PRIMARY KEY (link_id, day)
);
