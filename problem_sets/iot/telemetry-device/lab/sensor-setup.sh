#!/bin/bash
# The 1-Wire driver's view of the kiln's DS18B20 probe (21.375 °C), as /sys/bus/w1 shows it.
probe=/srv/w1/28-0316a2796cff
install -d -m 755 "$probe"
cat > "$probe/w1_slave" <<'W1'
56 01 4b 46 7f ff 0a 10 d1 : crc=d1 YES
56 01 4b 46 7f ff 0a 10 d1 t=21375
W1
chmod 644 "$probe/w1_slave"
