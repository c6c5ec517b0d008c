#!/bin/bash
# The shop's web tree after someone "fixed" an upload problem with chmod -R 777, as root.
set -euo pipefail
groupadd webdev
useradd -m -s /bin/bash -G webdev web
useradd -m -s /bin/bash -G webdev lina
useradd -m -s /bin/bash guest
root=/srv/www/shop
mkdir -p "$root"/html/img "$root"/html/css "$root"/cgi-bin "$root"/private
echo '<h1>Spare parts shop</h1>' > "$root"/html/index.html
echo '<h1>Order status</h1>' > "$root"/html/orders.html
echo 'body { font-family: sans-serif; }' > "$root"/html/css/site.css
printf 'PNG-placeholder\n' > "$root"/html/img/logo.png
printf 'PNG-placeholder\n' > "$root"/html/img/banner.png
printf '#!/bin/bash\necho "Content-Type: text/plain"\necho\necho "stock ok"\n' > "$root"/cgi-bin/stock.sh
printf '#!/bin/bash\necho "Content-Type: text/plain"\necho\nuptime\n' > "$root"/cgi-bin/status.sh
printf 'host=127.0.0.1\nuser=shop\npassword=Sh0p-2024!\n' > "$root"/private/db.key
chown -R root:root "$root"
chmod -R 0777 "$root"
chmod 4777 "$root"/cgi-bin/status.sh
