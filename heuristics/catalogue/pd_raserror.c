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
    {633, "ERROR_PORT_NOT_AVAILABLE",
     "The port is already in use or is not configured for Remote Access dialout."},
    {646, "ERROR_RESTRICTED_LOGON_HOURS",
     "The account is not permitted to log on at this time of day."},
    {647, "ERROR_ACCT_DISABLED", "The account is disabled."},
    {648, "ERROR_PASSWD_EXPIRED", "The password for this account has expired."},
    {649, "ERROR_NO_DIALIN_PERMISSION", "The account does not have permission to dial in."},
    {651, "ERROR_FROM_DEVICE", "The modem (or other connecting device) has reported an error."},
    {678, "ERROR_NO_ANSWER", "There is no answer."},
    {691, "ERROR_AUTHENTICATION_FAILURE",
     "Access was denied because the username and/or password was invalid on the domain."},
    {692, "ERROR_PORT_OR_DEVICE", "Hardware failure in port or attached device."},
    {709, "ERROR_CHANGING_PASSWORD", "There was an error changing the password on the domain."},
    {711, "ERROR_RASMAN_CANNOT_INITIALIZE",
     "Cannot start the Remote Access Connection Manager service."},
    {718, "ERROR_PPP_TIMEOUT", "The remote server has not responded in a timely manner."},
    {719, "ERROR_PPP_REMOTE_TERMINATED", "PPP terminated by remote machine."},
    {720, "ERROR_PPP_NO_PROTOCOLS_CONFIGURED", "No PPP control protocols configured."},
    {721, "ERROR_PPP_NO_RESPONSE", "The remote computer is not responding."},
    {722, "ERROR_PPP_INVALID_PACKET", "The PPP packet is invalid."},
    {732, "ERROR_PPP_NOT_CONVERGING", "PPP parameters negotiation did not converge."},
    {733, "ERROR_PPP_CP_REJECTED",
     "The PPP control protocol for this network protocol is not available on the server."},
    {734, "ERROR_PPP_LCP_TERMINATED", "The PPP link control protocol terminated."},
    {735, "ERROR_PPP_REQUIRED_ADDRESS_REJECTED",
     "The requested address was rejected by the server."},
    {738, "ERROR_PPP_NO_ADDRESS_ASSIGNED", "The server did not assign an address."},
    {739, "ERROR_CANNOT_USE_LOGON_CREDENTIALS",
     "The authentication protocol required by the remote server cannot use the stored password."},
    {741, "ERROR_NO_LOCAL_ENCRYPTION",
     "The local computer does not support the required data encryption type."},
    {742, "ERROR_NO_REMOTE_ENCRYPTION",
     "The remote computer does not support the required data encryption type."},
    {743, "ERROR_REMOTE_REQUIRES_ENCRYPTION", "The remote computer requires data encryption."},
    {768, "ERROR_FAILED_TO_ENCRYPT",
     "The connection attempt failed because of failure to encrypt data."},
    {788, "ERROR_OAKLEY_ATTRIB_FAIL",
     "The L2TP connection attempt failed because the security layer could not negotiate "
     "compatible parameters with the remote computer."},
    {789, "ERROR_OAKLEY_GENERAL_PROCESSING",
     "The L2TP connection attempt failed because the security layer encountered a processing "
     "error during initial negotiations with the remote computer."},
    {792, "ERROR_OAKLEY_TIMED_OUT",
     "The L2TP connection attempt failed because security negotiation timed out."},
    {800, "ERROR_AUTOMATIC_VPN_FAILED", "Unable to establish the VPN connection (generic error)."},
    {806, "ERROR_VPN_GRE_BLOCKED",
     "A connection between your computer and the VPN server has been started, but the VPN "
     "connection cannot be completed."},
    {807, "ERROR_VPN_DISCONNECT",
     "The network connection between your computer and the VPN server was interrupted."},
    {808, "ERROR_VPN_REFUSED",
     "The network connection between your computer and the VPN server could not be established "
     "because the remote server refused the connection."},
    {809, "ERROR_VPN_TIMEOUT",
     "The network connection between your computer and the VPN server could not be established "
     "because the remote server is not responding."},
    {815, "ERROR_BROADBAND_TIMEOUT",
     "The broadband connection could not be established on your computer because the remote "
     "server is not responding."},
    {829, "ERROR_LINK_FAILURE", "The connection was terminated because of a link failure."},
    {868, "ERROR_DNSNAME_NOT_RESOLVABLE",
     "The remote connection was not made because the name of the remote access server did not resolve."},
    {13801, "ERROR_IPSEC_IKE_AUTH_FAIL", "IKE authentication credentials are unacceptable."},
    {13806, "ERROR_IPSEC_IKE_NO_CERT",
     "IKE failed to find valid machine certificate. Contact your Network Security Administrator "
     "about installing a valid certificate in the appropriate Certificate Store."},
    {13868, "ERROR_IPSEC_IKE_POLICY_MATCH", "Policy match error."},
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
