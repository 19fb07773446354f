using System.Management.Automation;
using Srm.PowerShell.Completion;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>Disconnect-SrmServer: closes sessions (DELETE /session); the default connection when none is given.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "SrmServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class DisconnectSrmServerCommand : SrmCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection[]? Connection { get; set; }

        protected override void ProcessRecord()
        {
            var connections = Connection;
            if (connections == null)
            {
                var current = SrmConnectionRegistry.Default;
                if (current == null)
                {
                    WriteError(SrmErrors.NotConnected());
                    return;
                }

                connections = new[] { current };
            }

            foreach (var connection in connections)
            {
                Disconnect(connection);
            }
        }

        private void Disconnect(SrmConnection connection)
        {
            if (!connection.IsConnected)
            {
                WriteVerbose($"The connection to {connection} is already closed.");
                SrmConnectionRegistry.Remove(connection);
                return;
            }

            if (!ShouldProcess(connection.ToString(), "Close the SRM session"))
            {
                return;
            }

            try
            {
                Call(connection, token => connection.CloseAsync(token));
                WriteVerbose($"Disconnected from {connection}.");
            }
            catch (SrmApiException ex) when (ex.Kind == SrmErrorKind.Unauthorized)
            {
                WriteVerbose($"The session on {connection} had already ended.");
            }
            catch (SrmApiException ex)
            {
                WriteError(SrmErrors.FromApi(ex, connection));
            }
            finally
            {
                SrmConnectionRegistry.Remove(connection);
            }
        }
    }
}
