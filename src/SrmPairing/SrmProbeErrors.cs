using System.Management.Automation;
using Srm.Client.Certificates;

namespace Srm.PowerShell.Commands
{
    /// <summary>The error records of reading a certificate in a TLS handshake (the other failures are SrmApiExceptions).</summary>
    internal static class SrmProbeErrors
    {
        internal static ErrorRecord NotTls(SrmTlsHandshakeException exception, object target)
        {
            return new ErrorRecord(exception, "SrmTlsHandshakeFailed", ErrorCategory.ProtocolError, target);
        }
    }
}
