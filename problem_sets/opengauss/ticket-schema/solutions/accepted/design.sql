CREATE TABLE engineers (
    engineer_id integer      PRIMARY KEY,
    name        varchar(64)  NOT NULL,
    email       varchar(128) NOT NULL UNIQUE,
    team        varchar(16)  NOT NULL CHECK (team IN ('core', 'access', 'transport'))
);

CREATE TABLE tickets (
    ticket_id   bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title       varchar(200) NOT NULL,
    priority    smallint     NOT NULL CHECK (priority BETWEEN 1 AND 4),
    status      varchar(16)  NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
    opened_at   timestamp    NOT NULL DEFAULT now(),
    resolved_at timestamp,
    assignee_id integer      REFERENCES engineers (engineer_id) ON DELETE SET NULL,
    CHECK (resolved_at IS NULL OR resolved_at >= opened_at)
);

CREATE TABLE ticket_devices (
    ticket_id   bigint       NOT NULL REFERENCES tickets (ticket_id) ON DELETE CASCADE,
    hostname    varchar(64)  NOT NULL REFERENCES devices (hostname),
    PRIMARY KEY (ticket_id, hostname)
);
