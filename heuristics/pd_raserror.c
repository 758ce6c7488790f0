/* pd_raserror.c: RAS error table (see pd_raserror.h for sources).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_raserror.h"

static const pd_raserror table[] = {
    {619, "ERROR_PORT_DISCONNECTED",
     "A connection to the remote computer could not be established, so the port used for this "
     "connection was closed."},
    {628, "ERROR_DISCONNECTION", "The port was disconnected by the remote machine."},
    {629, "ERROR_REMOTE_DISCONNECTION", "The port was disconnected by the remote machine."},
    {646, "ERROR_RESTRICTED_LOGON_HOURS", "The account is not permitted to log on at this time of day."},
    {647, "ERROR_ACCT_DISABLED", "The account is disabled."},
    {648, "ERROR_PASSWD_EXPIRED", "The password for this account has expired."},
    {649, "ERROR_NO_DIALIN_PERMISSION", "The account does not have permission to dial in."},
    {678, "ERROR_NO_ANSWER", "There is no answer."},
    {691, "ERROR_AUTHENTICATION_FAILURE",
     "Access was denied because the username and/or password was invalid on the domain."},
    {692, "ERROR_PORT_OR_DEVICE", "Hardware failure in port or attached device."},
    {709, "ERROR_CHANGING_PASSWORD", "There was an error changing the password on the domain."},
    {718, "ERROR_PPP_TIMEOUT", "The remote server has not responded in a timely manner."},
    {721, "ERROR_PPP_NO_RESPONSE", "The remote computer is not responding."},
    {800, "ERROR_AUTOMATIC_VPN_FAILED", "Unable to establish the VPN connection (generic error)."},
    {806, "ERROR_VPN_GRE_BLOCKED",
     "A connection between your computer and the VPN server has been started, but the VPN "
     "connection cannot be completed."},
    {807, "ERROR_VPN_DISCONNECT",
     "The network connection between your computer and the VPN server was interrupted."},
    {809, "ERROR_VPN_TIMEOUT",
     "The network connection between your computer and the VPN server could not be established "
     "because the remote server is not responding."},
};

const pd_raserror *pd_raserror_table(gsize *n)
{
    *n = G_N_ELEMENTS(table);
    return table;
}

const pd_raserror *pd_raserror_lookup(guint16 code)
{
    for (gsize i = 0; i < G_N_ELEMENTS(table); i++) {
        if (table[i].code == code)
            return &table[i];
    }
    return NULL;
}
