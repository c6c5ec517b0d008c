#!/bin/bash
# Hidden setup of app1 and app2: installs the shop application (/lab/shop_app.py) in /opt/shop
# with its control script, writes its configuration on first boot, and starts it on port 8080
# as www-data. The student's script runs after this one.
set -e
install -d /opt/shop /etc/shop
install -m 0644 /lab/shop_app.py /opt/shop/app.py
install -d -o www-data -g www-data /var/log/shop
if [ ! -f /etc/shop/app.env ]; then
    cat > /etc/shop/app.env <<CONF
# The shop application's settings, read when it starts (/opt/shop/shopctl restart).
SERVER_NAME=$NAME
LISTEN_PORT=8080
# Where the sessions live: memory (inside this process only) or redis.
SESSION_STORE=memory
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
REDIS_DB=0
REDIS_PASSWORD=
CONF
fi
cat > /opt/shop/shopctl <<'CTL'
#!/bin/bash
# shopctl start|stop|restart|status — the shop application's control script.
PIDFILE=/run/shop.pid
running() { [ -f $PIDFILE ] && kill -0 "$(cat $PIDFILE)" 2>/dev/null; }
start() {
    running && return 0
    setsid setpriv --reuid=www-data --regid=www-data --clear-groups \
        python3 /opt/shop/app.py /etc/shop/app.env >>/var/log/shop/app.log 2>&1 </dev/null &
    echo $! > $PIDFILE
}
stop() {
    running || { rm -f $PIDFILE; return 0; }
    pid=$(cat $PIDFILE); kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f $PIDFILE
}
case "$1" in
    start) start ;;
    stop) stop ;;
    restart) stop; start ;;
    status) if running; then echo "running (pid $(cat $PIDFILE))"; else echo stopped; exit 3; fi ;;
    *) echo "usage: shopctl start|stop|restart|status" >&2; exit 2 ;;
esac
CTL
chmod 0755 /opt/shop/shopctl
rm -f /run/shop.pid
/opt/shop/shopctl start
