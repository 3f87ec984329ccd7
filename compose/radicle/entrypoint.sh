#!/bin/sh
# First start: create the node's identity in the volume, guarded by RAD_PASSPHRASE. Then run the
# node in the foreground so compose supervises it.
set -eu
if [ -z "${RAD_PASSPHRASE:-}" ]; then
  echo "radicle: set RAD_PASSPHRASE in compose/.env (it encrypts the node key kept in the radicle-home volume)" >&2
  exit 2
fi
if [ ! -e "$HOME/.radicle/keys/radicle" ]; then
  rad auth --alias "${RAD_ALIAS:-vaultplane}"
fi
exec radicle-node --listen 0.0.0.0:8776
