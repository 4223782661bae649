#!/bin/sh
# Run by the postgres image once, when the primary's data volume is created:
# lets streaming replicas on the compose network connect with the same password.
# A production primary would give replicas a role of their own (CREATE ROLE ...
# REPLICATION) and name their network instead of "all".
set -eu
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "${PGDATA}/pg_hba.conf"
