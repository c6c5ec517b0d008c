-- The routed backbone of a regional operator: routers and the links between them.
CREATE TABLE routers (
    hostname  varchar(32) PRIMARY KEY,
    site      varchar(16) NOT NULL,
    role      varchar(16) NOT NULL          -- core, aggregation, access
);

-- A link is stored once; a_end and b_end are in no particular order.
CREATE TABLE links (
    link_id   integer     PRIMARY KEY,
    a_end     varchar(32) NOT NULL REFERENCES routers (hostname),
    b_end     varchar(32) NOT NULL REFERENCES routers (hostname),
    cost      integer     NOT NULL CHECK (cost > 0),       -- OSPF interface cost
    status    varchar(8)  NOT NULL CHECK (status IN ('up', 'down'))
);
