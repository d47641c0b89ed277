#!/usr/bin/env bash
# deps.sh: install the Debian packages Dealernet needs, and only those missing.
set -euo pipefail
pkgs=(
	build-essential pkg-config clang libclang-rt-14-dev
	libfcgi-dev libmariadb-dev libcjson-dev libjwt-dev libsodium-dev check
	libcurl4-openssl-dev python3-aiosmtpd
	libjpeg62-turbo-dev libpng-dev libwebp-dev
	mariadb-server mariadb-client nginx curl
	systemd openssl galera-4 mariadb-backup socat rsync
	nodejs npm chromium fonts-noto-cjk prometheus wrk
)
missing=()
for p in "${pkgs[@]}"; do
	# nodejs may come from elsewhere with npm inside it; a working node will do
	if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
	if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
