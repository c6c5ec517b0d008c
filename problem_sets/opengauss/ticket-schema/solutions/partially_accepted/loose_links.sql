-- Defaults and CHECKs are right, but e-mail is not unique, the device list has no key and no
-- link to the inventory, and the assignee link blocks deleting an engineer.
CREATE TABLE engineers (
    engineer_id integer PRIMARY KEY,
    name varchar(64) NOT NULL,
    email varchar(128) NOT NULL,
    team varchar(16) NOT NULL CHECK (team IN ('core', 'access', 'transport'))
);
CREATE TABLE tickets (
    ticket_id bigserial PRIMARY KEY,
    title varchar(200) NOT NULL,
    priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
    status varchar(16) NOT NULL DEFAULT 'open'
           CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
    opened_at timestamp NOT NULL DEFAULT now(),
    resolved_at timestamp CHECK (resolved_at >= opened_at),
    assignee_id integer REFERENCES engineers
);
CREATE TABLE ticket_devices (
    ticket_id bigint REFERENCES tickets ON DELETE CASCADE,
    hostname varchar(64)
);
