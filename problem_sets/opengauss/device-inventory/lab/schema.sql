-- Network device inventory of a regional operator.
CREATE TABLE sites (
    site_id      integer     PRIMARY KEY,
    code         varchar(16) NOT NULL UNIQUE,   -- e.g. SZ-DC1
    city         varchar(32) NOT NULL,
    region       varchar(16) NOT NULL           -- South, North, East
);

CREATE TABLE device_models (
    model_id     integer     PRIMARY KEY,
    vendor       varchar(32) NOT NULL,
    model        varchar(32) NOT NULL,
    role         varchar(16) NOT NULL           -- core, aggregation, access, firewall, router
);

CREATE TABLE devices (
    device_id    integer     PRIMARY KEY,
    hostname     varchar(64) NOT NULL UNIQUE,
    model_id     integer     NOT NULL REFERENCES device_models (model_id),
    site_id      integer     REFERENCES sites (site_id),   -- NULL: spare, in the warehouse
    mgmt_ip      inet,
    installed_on date
);

CREATE TABLE interfaces (
    device_id    integer     NOT NULL REFERENCES devices (device_id),
    if_name      varchar(32) NOT NULL,
    speed_mbps   integer     NOT NULL,
    admin_up     boolean     NOT NULL,          -- enabled by configuration
    oper_up      boolean     NOT NULL,          -- link actually up
    PRIMARY KEY (device_id, if_name)
);
