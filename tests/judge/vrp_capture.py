"""A tiny live VRP network in the net-lab image, and its :data:`~vrp.live.READS` taken as the
lab driver takes them: the fixtures under ``data/vrp_live/`` come from here, and an acceptance
test captures them again and renders every display command from the fresh outputs.

R1 and R2 run FRR from the VRP translation (OSPF area 0 between them, static routes, Easy IP
on R1's uplink); SW1 is a switch built as the live lab builds one, a Linux bridge per VLAN;
PC opens a TCP connection to SRV through R1's NAT, so R1's connection table holds a session.

    PC ── GE0/0/2 SW1 GE0/0/1 ── GE0/0/1 R1 GE0/0/0 ── GE0/0/0 R2 GE0/0/1 ── SRV
          (GE0/0/3 trunk and GE0/0/4 to SW2, whose GE0/0/4 end is down)

Regenerate the fixtures with ``.venv/bin/python -m tests.judge.vrp_capture``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ictjudge.labs.network import CAPABILITIES, IMAGE
from ictjudge.labs.network.vrp import Device, parse
from ictjudge.labs.network.vrp.filters import nftables
from ictjudge.labs.network.vrp.frr import frr
from ictjudge.labs.network.vrp.live import READS

DATA = Path(__file__).parent / "data" / "vrp_live"

CONFIGS = {
    "R1": """\
sysname R1
acl number 2000
 rule 5 permit source 192.168.1.0 0.0.0.255
acl number 3000
 rule 5 deny tcp destination 10.0.12.2 0 destination-port eq 23
 rule 10 permit ip
interface GigabitEthernet0/0/0
 ip address 10.0.12.1 255.255.255.0
 ospf timer hello 1
 nat outbound 2000
interface GigabitEthernet0/0/1
 ip address 192.168.1.1 255.255.255.0
 traffic-filter inbound acl 3000
interface GigabitEthernet0/0/2
 shutdown
interface LoopBack0
 ip address 1.1.1.1 255.255.255.255
ospf 1 router-id 1.1.1.1
 area 0.0.0.0
  network 10.0.12.0 0.0.0.255
  network 1.1.1.1 0.0.0.0
ip route-static 172.16.0.0 255.255.0.0 10.0.12.2
ip route-static 0.0.0.0 0.0.0.0 10.0.12.2 preference 100
""",
    "R2": """\
sysname R2
interface GigabitEthernet0/0/0
 ip address 10.0.12.2 255.255.255.0
 ospf timer hello 1
interface GigabitEthernet0/0/1
 ip address 172.16.1.1 255.255.255.0
interface LoopBack0
 ip address 2.2.2.2 255.255.255.255
ospf 1 router-id 2.2.2.2
 area 0.0.0.0
  network 10.0.12.0 0.0.0.255
  network 2.2.2.2 0.0.0.0
""",
    "SW1": """\
sysname SW1
vlan batch 10 20
interface Vlanif10
 ip address 192.168.1.2 255.255.255.0
interface GigabitEthernet0/0/1
 port link-type access
 port default vlan 10
interface GigabitEthernet0/0/2
 port link-type access
 port default vlan 10
interface GigabitEthernet0/0/3
 port link-type trunk
 port trunk allow-pass vlan 10 20
interface GigabitEthernet0/0/4
 port link-type access
 port default vlan 20
""",
}
ROUTERS = ("R1", "R2")
DEVICES = ("R1", "R2", "SW1")

TOPOLOGY = """\
set -e
for n in R1 R2 SW1 SW2 PC SRV; do ip netns add $n; ip -n $n link set lo up; done
link() { ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"; }
link R1 ge0-0-0 R2 ge0-0-0
link R1 ge0-0-1 SW1 ge0-0-1
link R1 ge0-0-2 R2 ge0-0-2
link R2 ge0-0-1 SRV eth0
link SW1 ge0-0-2 PC eth0
link SW1 ge0-0-3 SW2 ge0-0-3
link SW1 ge0-0-4 SW2 ge0-0-4
mount -o remount,rw /proc/sys
for r in R1 R2; do ip netns exec $r sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'; done
ip -n R1 addr add 10.0.12.1/24 dev ge0-0-0
ip -n R1 addr add 192.168.1.1/24 dev ge0-0-1
ip -n R1 addr add 1.1.1.1/32 dev lo
ip -n R1 link set ge0-0-0 up; ip -n R1 link set ge0-0-1 up
ip -n R2 addr add 10.0.12.2/24 dev ge0-0-0
ip -n R2 addr add 172.16.1.1/24 dev ge0-0-1
ip -n R2 addr add 2.2.2.2/32 dev lo
for i in ge0-0-0 ge0-0-1 ge0-0-2; do ip -n R2 link set $i up; done
# SW1: one bridge per VLAN (this kernel has neither bridge VLAN filtering nor 802.1Q
# devices, so the trunk GE0/0/3 joins only VLAN 1's bridge here)
ip -n SW1 link add vlanif10 type veth peer name vlanif10-port
ip -n SW1 addr add 192.168.1.2/24 dev vlanif10
for v in 1 10 20; do ip -n SW1 link add vlan$v type bridge stp_state 0; done
ip -n SW1 link set ge0-0-3 master vlan1
for p in ge0-0-1 ge0-0-2 vlanif10-port; do ip -n SW1 link set $p master vlan10; done
ip -n SW1 link set ge0-0-4 master vlan20
for i in ge0-0-1 ge0-0-2 ge0-0-3 ge0-0-4 vlanif10 vlanif10-port vlan1 vlan10 vlan20; do ip -n SW1 link set $i up; done
ip -n SW2 link set ge0-0-3 up
ip -n PC addr add 192.168.1.10/24 dev eth0; ip -n PC link set eth0 up
ip -n PC route add default via 192.168.1.1
ip -n SRV addr add 172.16.1.10/24 dev eth0; ip -n SRV link set eth0 up
ip -n SRV route add default via 172.16.1.1
"""

FRR = """\
printf '' > /etc/frr/vtysh.conf
for r in R1 R2; do
  mkdir -p /run/frr/$r /etc/frr/$r; chown frr:frr /run/frr/$r /etc/frr/$r
  printf '' > /etc/frr/$r/vtysh.conf
  for d in zebra staticd ospfd; do
    ip netns exec $r /usr/lib/frr/$d -N $r -F traditional -P 0 -f /dev/null \
      -i /run/frr/$r/$d.pid -d
    [ $d = zebra ] && sleep 1
  done
done
sleep 1
vtysh -N R1 -f /work/R1.conf >/dev/null
vtysh -N R2 -f /work/R2.conf >/dev/null
ip netns exec R1 nft -f /work/R1.nft
"""

TRAFFIC = """\
ip netns exec SRV python3 -c '
import socket, time
s = socket.socket(); s.bind(("0.0.0.0", 8080)); s.listen(1); c, _ = s.accept(); time.sleep(60)
' &
for i in $(seq 1 100); do
  ip netns exec R1 vtysh -N R1 -c 'show ip ospf neighbor' 2>/dev/null | grep -q Full && \
  ip netns exec R1 vtysh -N R1 -c 'show ip route 2.2.2.2/32' 2>/dev/null | grep -q ospf && break
  sleep 0.3
done
ip netns exec PC python3 -c '
import socket, time
c = socket.create_connection(("172.16.1.10", 8080), timeout=5); c.send(b"hello"); time.sleep(60)
' &
ip netns exec PC ping -c 1 -W 2 172.16.1.10 >/dev/null || echo "ping failed" >&2
sleep 1
"""


def reads(device: str) -> str:
    """Shell lines that print one JSON object of the device's READS outputs."""
    lines = ["python3 - <<'EOF'", "import json, subprocess", "out = {}"]
    for field, argv in READS.items():
        command = list(argv)
        if command[0] == "vtysh":
            command[1:1] = ["-N", device]
        argv_text = json.dumps(["ip", "netns", "exec", device, *command])
        lines.append(
            f"r = subprocess.run({argv_text}, capture_output=True, text=True)\n"
            f"out[{field!r}] = r.stdout if r.returncode == 0 else ''"
        )
    lines += [f"print({device!r} + ' ' + json.dumps(out))", "EOF"]
    return "\n".join(lines) + "\n"


def devices() -> dict[str, Device]:
    out: dict[str, Device] = {}
    for name, text in CONFIGS.items():
        device = parse(text)
        assert isinstance(device, Device), device
        out[name] = device
    return out


def script() -> str:
    parsed = devices()
    files = ["mkdir -p /work"]
    for name in ROUTERS:
        files.append(f"cat > /work/{name}.conf <<'EOF'\n{frr(parsed[name])}EOF")
    files.append(f"cat > /work/R1.nft <<'EOF'\n{nftables(parsed['R1'])}EOF")
    body = "\n".join(files) + "\n" + TOPOLOGY + FRR + TRAFFIC
    return body + "".join(reads(name) for name in DEVICES)


def capture(client: Any) -> dict[str, dict[str, str]]:
    """Every device's READS outputs, by device and field, from a fresh run of the network."""
    output = client.containers.run(
        IMAGE,
        entrypoint=["sh", "-c", script()],
        network_mode="none",
        cap_add=CAPABILITIES,
        labels={"ictarena.test": "vrp-display"},
        remove=True,
        stderr=True,
        stdout=True,
    )
    found: dict[str, dict[str, str]] = {}
    for line in output.decode().splitlines():
        name, _, rest = line.partition(" ")
        if name in DEVICES and rest.startswith("{"):
            found[name] = json.loads(rest)
    return found


def save(found: dict[str, dict[str, str]]) -> None:
    for name, outputs in found.items():
        folder = DATA / name
        folder.mkdir(parents=True, exist_ok=True)
        for field, text in outputs.items():
            (folder / f"{field}.txt").write_text(text)
        (folder / "config.txt").write_text(CONFIGS[name])


def load(name: str) -> dict[str, str]:
    """One device's saved outputs by field."""
    return {field: (DATA / name / f"{field}.txt").read_text() for field in READS}


if __name__ == "__main__":
    from ictjudge.sandbox import connect

    save(capture(connect()))
