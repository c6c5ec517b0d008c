"""VRP configurations as students paste them: prompts, separators and console output removed,
size and line limits, unreadable lines located."""

from __future__ import annotations

from ictjudge.labs.network.dialect import LineProblem
from ictjudge.labs.network.vrp import Device, parse
from ictjudge.labs.network.vrp.reading import MAX_BYTES, MAX_LINES, read
from ictjudge.labs.network.vrp.render import normalise

ENSP_SESSION = """\
<Huawei>undo terminal monitor
Info: Current terminal monitor is off.
<Huawei>sys
Enter system view, return user view with Ctrl+Z.
[Huawei]sysname R1
[R1]undo info-center enable
Info: Information center is disabled.
[R1]int g0/0/0
[R1-GigabitEthernet0/0/0]ip add 10.0.12.1 24
[R1-GigabitEthernet0/0/0]dis this
[V200R003C00]
#
interface GigabitEthernet0/0/0
 ip address 10.0.12.1 255.255.255.0
#
return
[R1-GigabitEthernet0/0/0]q
[R1]ospf 1 router-id 1.1.1.1
[R1-ospf-1]a 0
[R1-ospf-1-area-0.0.0.0]net 10.0.12.0 0.0.0.255
[R1-ospf-1-area-0.0.0.0]
[R1-ospf-1-area-0.0.0.0]return
<R1>dis ip rou
Route Flags: R - relay, D - download to fib
Destination/Mask    Proto   Pre  Cost      Flags NextHop         Interface
<R1>save
  The current configuration will be written to the device.
  Are you sure to continue? (y/n)[n]:y
"""


ENSP_DISPLAY = """\
[V200R003C00]
#
 sysname R1
#
 snmp-agent local-engineid 800007DB03000000000000
 snmp-agent·
#
 clock timezone China-Standard-Time minus 08:00:00
#
portal local-server load portal_local.zip
#
 drop illegal-mac alarm
#
 set cpu-usage threshold 80 restore 75
#
aaa·
 authentication-scheme default
 authorization-scheme default
 accounting-scheme default
 domain default·
 domain default_admin·
 local-user admin password cipher %$%$K8m.Nt84DZ}e%$%$
 local-user admin service-type http
#
firewall zone Local
 priority 15
#
interface GigabitEthernet0/0/0
 ip address 10.0.12.1 255.255.255.0·
#
interface GigabitEthernet0/0/1
#
interface GigabitEthernet0/0/2
#
interface NULL0
#
interface LoopBack0
 ip address 1.1.1.1 255.255.255.255·
#
ospf 1 router-id 1.1.1.1·
 area 0.0.0.0·
  network 1.1.1.1 0.0.0.0·
  network 10.0.12.0 0.0.0.255·
#
user-interface con 0
 authentication-mode password
user-interface vty 0 4
user-interface vty 16 20
#
wlan ac
#
return
""".replace("·", " ")  # VRP ends many displayed lines with a space

NORMALISED = """\
#
 sysname R1
#
interface GigabitEthernet0/0/0
 ip address 10.0.12.1 255.255.255.0
#
interface GigabitEthernet0/0/1
#
interface GigabitEthernet0/0/2
#
interface LoopBack0
 ip address 1.1.1.1 255.255.255.255
#
ospf 1 router-id 1.1.1.1
 area 0.0.0.0
  network 1.1.1.1 0.0.0.0
  network 10.0.12.0 0.0.0.255
#
return
"""


def test_a_whole_ensp_display_is_read_and_its_management_defaults_left_out() -> None:
    device = parse(ENSP_DISPLAY)
    assert isinstance(device, Device), device
    assert normalise(device) == NORMALISED


def test_the_output_of_display_current_configuration_in_a_session_is_the_configuration() -> None:
    session = (
        "<R1>dis ip int brief\nInterface  IP Address/Mask\n<R1>dis cu\n" + ENSP_DISPLAY + "<R1>\n"
    )
    device = parse(session)
    assert isinstance(device, Device), device
    assert normalise(device) == NORMALISED


def test_management_defaults_are_accepted_but_never_suggested() -> None:
    problems = parse("interface serial0/0/0\n")
    assert isinstance(problems, list)
    assert "null0" not in problems[0].message and "aaa" not in problems[0].message


def test_an_ensp_session_keeps_only_the_prompted_commands() -> None:
    device = parse(ENSP_SESSION)
    assert isinstance(device, Device), device
    assert device.sysname == "R1"
    interface = device.interface("GigabitEthernet0/0/0")
    assert interface is not None and str(interface.address) == "10.0.12.1/24"
    assert device.ospf is not None and str(device.ospf.router_id) == "1.1.1.1"
    assert [str(n.prefix) for n in device.ospf.areas[0].networks] == ["10.0.12.0/24"]


def test_a_session_command_outside_the_supported_set_is_located() -> None:
    problems = parse(
        ENSP_SESSION.replace("[R1]undo info-center enable", "[R1]telnet server enable")
    )
    assert problems == [
        LineProblem(
            6,
            "`telnet` is not supported in the system view; supported there: sysname, interface,"
            " ip route-static, ospf, rip, bgp, vlan batch, vlan, stp, stp mode, acl,"
            " nat address-group, nat server protocol",
            "[R1]telnet server enable",
            column=5,
        )
    ]


def test_the_user_view_configures_nothing() -> None:
    problems = parse("<R1>sysname R2\n")
    assert problems == [
        LineProblem(
            1,
            "`sysname` is not supported in the user view; supported there: terminal monitor",
            "<R1>sysname R2",
            column=5,
        )
    ]


def test_the_changed_prompts_of_newer_vrp_are_stripped() -> None:
    text = "[~HUAWEI]sysname CE1\n[*HUAWEI]interface LoopBack 0\n[*CE1-LoopBack0]ip address 1.1.1.1 32\n"
    device = parse(text)
    assert isinstance(device, Device)
    assert device.sysname == "CE1"
    assert device.interfaces[0].name == "LoopBack0"


def test_display_output_separators_comments_and_return_are_not_commands() -> None:
    text = (
        "!Software Version V200R003C00SPC200\n#\n sysname R2\n#\ninterface LoopBack0\n"
        " ip address 2.2.2.2 255.255.255.255\n#\n\nreturn\n"
    )
    device = parse(text)
    assert isinstance(device, Device)
    assert device.sysname == "R2"
    assert str(device.interfaces[0].address) == "2.2.2.2/32"


def test_without_prompts_every_line_is_a_command() -> None:
    lines, problems = read("sysname R1\n\n  # a separator\ninterface g0/0/1\n")
    assert problems == []
    assert [(line.number, line.column, [t.text for t in line.tokens]) for line in lines] == [
        (1, 1, ["sysname", "R1"]),
        (4, 1, ["interface", "g0/0/1"]),
    ]


def test_columns_count_from_the_line_as_written() -> None:
    lines, _ = read("[R1-GigabitEthernet0/0/1]  ip  add 10.0.0.1 24\n")
    assert [(t.text, t.column) for t in lines[0].tokens] == [
        ("ip", 28),
        ("add", 32),
        ("10.0.0.1", 36),
        ("24", 45),
    ]


def test_a_configuration_over_the_size_limit_is_refused_as_a_whole() -> None:
    big = "sysname R1\n" * (MAX_BYTES // 10)
    assert parse(big) == [LineProblem(0, "the configuration is larger than 64 KiB")]
    many = "#\n" * (MAX_LINES + 1)
    assert parse(many) == [LineProblem(0, f"the configuration has more than {MAX_LINES} lines")]
    assert str(parse(many)[0]) == f"the configuration has more than {MAX_LINES} lines"  # type: ignore[index]


def test_control_characters_and_overlong_lines_are_located() -> None:
    problems = parse("sysname R1\nsysname R\x002\n" + "description " + "x" * 600 + "\n")
    assert isinstance(problems, list)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (2, 10, "contains a control character"),
        (3, 1, "longer than 500 characters"),
    ]


def test_a_problem_reads_with_its_place_and_command() -> None:
    problem = LineProblem(3, "`x` is not valid here", "ip x", column=5)
    assert str(problem) == "line 3, column 5: `x` is not valid here (ip x)"
