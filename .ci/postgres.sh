#!/usr/bin/env bash
# Sourced by .ci/run: makes a local PostgreSQL server available for the multi-node and chaos tests, on any fresh
# Debian machine, and exports FTR_TEST_POSTGRES (an admin connection for role ftr, which may create databases).
# Idempotent: installs only when missing, starts only when stopped, creates the role only once.

ftr_pg_log() { echo "postgres: $*" >&2; }

ftr_pg_setup() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    ftr_pg_log "installing PostgreSQL"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null || { ftr_pg_log "install failed"; return 1; }
  fi

  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version main"; then
      pg_createcluster "$version" main >/dev/null || { ftr_pg_log "could not create cluster $version/main"; return 1; }
    fi
    pg_ctlcluster "$version" main start || { ftr_pg_log "could not start $version/main"; return 1; }
    for _ in $(seq 1 60); do
      pg_isready -q -h 127.0.0.1 -p 5432 && break
      sleep 1
    done
    pg_isready -q -h 127.0.0.1 -p 5432 || { ftr_pg_log "server did not become ready within 60 s"; return 1; }
  fi

  # Role ftr may create and drop the per-run databases the tests use. Run as the postgres superuser over the socket.
  runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt -d postgres <<'SQL' || { ftr_pg_log "could not create role/database ftr"; return 1; }
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ftr') THEN
    CREATE ROLE ftr LOGIN CREATEDB PASSWORD 'ftr';
  ELSE
    ALTER ROLE ftr LOGIN CREATEDB PASSWORD 'ftr';
  END IF;
END
$$;
SELECT 'CREATE DATABASE ftr OWNER ftr' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'ftr')
\gexec
SQL

  export FTR_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=ftr;Password=ftr;Database=ftr"
  ftr_pg_log "ready; FTR_TEST_POSTGRES set (database ftr; tests create their own databases)"
}
