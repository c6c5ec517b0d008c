-- Interface counters polled over SNMP about every five minutes (ifHCInOctets, ifHCOutOctets).
CREATE TABLE traffic_samples (
    device      varchar(32) NOT NULL,
    if_name     varchar(32) NOT NULL,
    sampled_at  timestamp   NOT NULL,
    in_octets   bigint      NOT NULL,   -- cumulative since the counter last started
    out_octets  bigint      NOT NULL,
    PRIMARY KEY (device, if_name, sampled_at)
);
