"""FRR's and nft's own parsers accept what the VRP translator writes (``vtysh --dryrun`` and
``nft --check`` in the network lab image), so a configuration that parses never fails later
for the translator's syntax."""

from __future__ import annotations

from typing import Any

import pytest

from ictjudge.labs.network import IMAGE
from ictjudge.labs.network.vrp import Device, parse
from ictjudge.labs.network.vrp.filters import nftables
from ictjudge.labs.network.vrp.frr import frr

pytestmark = pytest.mark.docker

ROUTER = """\
sysname R1
acl number 2000
 rule 5 deny source 192.168.1.99 0
 rule 10 permit source 192.168.1.0 0.0.0.255
acl number 3000
 rule 5 deny tcp source 192.168.1.0 0.0.0.255 destination 10.0.0.10 0 destination-port eq 80
 rule 10 deny ip source 192.168.0.0 0.0.255.0
 rule 15 permit icmp
nat address-group 1 203.0.113.10 203.0.113.20
nat server protocol udp global 203.0.113.3 53 inside 192.168.1.53 53
interface GigabitEthernet0/0/0
 description uplink
 ip address 203.0.113.2 255.255.255.0
 ospf cost 20
 ospf timer hello 5
 traffic-filter outbound acl 2000
 nat outbound 2000
 nat outbound 2001 address-group 1
 nat server protocol tcp global 203.0.113.2 80 inside 192.168.1.10 8080
interface GigabitEthernet0/0/1
 ip address 192.168.1.1 255.255.255.0
 traffic-filter inbound acl 3000
 ospf enable 1 area 0.0.0.1
interface LoopBack0
 ip address 1.1.1.1 255.255.255.255
ospf 1 router-id 1.1.1.1
 silent-interface GigabitEthernet0/0/1
 area 0.0.0.0
  network 203.0.113.0 0.0.0.255
  network 1.1.1.1 0.0.0.0
rip 1
 version 2
 network 192.168.1.0
bgp 65001
 peer 203.0.113.1 as-number 65002
 network 1.1.1.1 255.255.255.255
 import-route direct
 import-route ospf 1
ip route-static 0.0.0.0 0.0.0.0 203.0.113.1 preference 70
ip route-static 10.0.0.0 255.0.0.0 GigabitEthernet0/0/0 203.0.113.1
"""

CHECK = """\
printf '%s' "$FRR" > /tmp/r1.conf
printf '%s' "$NFT" > /tmp/r1.nft
vtysh --dryrun -f /tmp/r1.conf || exit 1
nft --check -f /tmp/r1.nft || exit 2
echo accepted
"""


def test_frr_and_nft_accept_the_translation(docker_client: Any) -> None:
    device = parse(ROUTER)
    assert isinstance(device, Device), device
    output = docker_client.containers.run(
        IMAGE,
        entrypoint=["sh", "-c", CHECK],
        environment={"FRR": frr(device), "NFT": nftables(device)},
        network_mode="none",
        cap_add=["NET_ADMIN"],
        remove=True,
        stderr=True,
    )
    assert output.decode().strip() == "accepted"
