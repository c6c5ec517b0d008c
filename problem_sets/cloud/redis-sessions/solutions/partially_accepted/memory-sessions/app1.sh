#!/bin/bash
# Left as it was: the application keeps its sessions in its own memory, so a session started
# on one server is unknown to the other.
/opt/shop/shopctl status
