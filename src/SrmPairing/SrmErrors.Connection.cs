using System;
using System.Management.Automation;
using Srm.Client.Certificates;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>The errors of connections: none, closed, not found, and a TLS handshake that was not one.</summary>
    internal static partial class SrmErrors
    {
        internal static ErrorRecord NotConnected()
        {
            return Record(
                new InvalidOperationException("There is no SRM connection. Connect first with Connect-SrmServer, or pass one with -Connection."),
                "SrmNotConnected", ErrorCategory.ConnectionError, null,
                "Connect to an SRM server with Connect-SrmServer (it becomes the default connection), or pass a connection with -Connection.");
        }

        internal static ErrorRecord ConnectionClosed(SrmConnection connection)
        {
            return Record(
                new InvalidOperationException($"The connection to {connection} is closed. Connect again with Connect-SrmServer."),
                "SrmConnectionClosed", ErrorCategory.ConnectionError, connection,
                "Connect again with Connect-SrmServer and use the new connection; Get-SrmConnection lists the open ones.");
        }

        /// <summary>Get-SrmConnection -Server with a text (no wildcard) that names no open connection of this runspace.</summary>
        internal static ErrorRecord ConnectionNotFound(string text)
        {
            return Record(
                new ItemNotFoundException($"There is no open connection {text} in this runspace. Get-SrmConnection without -Server lists the open ones."),
                "SrmConnectionNotFound", ErrorCategory.ObjectNotFound, text);
        }

        /// <summary>Connect-SrmServer -RemoteCredential connected, but could not list the pairings to log in to their remote sites.</summary>
        internal static ErrorRecord RemoteSitesNotListed(SrmApiException exception, SrmConnection connection)
        {
            return FromApi(exception.WithMessage($"Connected, but the paired sites could not be listed to log in to them: {exception.Message}"), connection);
        }

        /// <summary>Reading a certificate found no TLS server at the address (the other failures are SrmApiExceptions).</summary>
        internal static ErrorRecord TlsHandshakeFailed(SrmTlsHandshakeException exception, object? target)
        {
            return Record(exception, "SrmTlsHandshakeFailed", ErrorCategory.ProtocolError, target);
        }
    }
}
