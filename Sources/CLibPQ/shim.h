// libpq, PostgreSQL's client library, for the ledger's PostgreSQL implementation
// (Sources/Kiosk/Ledger/PostgreSQL only).
#include <libpq-fe.h>
