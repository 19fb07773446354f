using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Whether a connection is the default one of the runspace asking, for the connection views' IsDefault column.
    /// Being the default belongs to a runspace, not to the connection: the same object can be the default in one
    /// runspace and not in another, so it cannot be one of its properties.
    /// </summary>
    public static class SrmDefaultConnection
    {
        /// <summary>True when <paramref name="connection"/> is open and the current runspace's default connection.</summary>
        public static bool IsDefault(SrmConnection? connection) =>
            connection != null && connection.IsConnected && ReferenceEquals(connection, SrmConnectionRegistry.Default);
    }
}
