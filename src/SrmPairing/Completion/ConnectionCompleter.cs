using Srm.Client.Text;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Srm.PowerShell.Commands;
using Srm.Client.Models;

namespace Srm.PowerShell.Completion
{
    /// <summary>
    /// Completes -Connection and -RemoteConnection with this runspace's open connections, one entry each by its text
    /// form ("host:port", "host:port#2"...), the default connection first; -Connection turns that text back into the
    /// connection, and Get-SrmConnection -Server filters by it. Connect-SrmServer -Server gets each server once, without
    /// the "#2".
    /// </summary>
    public sealed class ConnectionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.Pattern(wordToComplete);
            var current = SrmConnectionRegistry.Default;
            var open = SrmConnectionRegistry.All
                .Where(c => c.IsConnected)
                .OrderBy(c => ReferenceEquals(c, current) ? 0 : 1);
            var servers = WantsAddresses(commandName, parameterName)
                ? open.GroupBy(c => c.Address).Select(g => new { Text = g.Key, First = g.First() })
                : open.Select(c => new { Text = c.ToString(), First = c });
            return servers
                .Where(s => pattern.IsMatch(s.Text))
                .Select(s => new CompletionResult(CompletionText.Quote(s.Text), s.Text, CompletionResultType.ParameterValue, ToolTip(s.First, current)))
                .ToList();
        }

        /// <summary>
        /// Connect-SrmServer -Server takes an address, so it gets each server once; Get-SrmConnection -Server filters
        /// by text form, so it gets every open connection's, as -Connection does.
        /// </summary>
        private static bool WantsAddresses(string commandName, string parameterName)
        {
            if (!string.Equals(parameterName, "Server", System.StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var name = commandName ?? string.Empty;
            return !(string.Equals(name, "Get-SrmConnection", System.StringComparison.OrdinalIgnoreCase) ||
                     name.EndsWith("\\Get-SrmConnection", System.StringComparison.OrdinalIgnoreCase));
        }

        private static string ToolTip(SrmConnection connection, SrmConnection? current)
        {
            var tip = $"{connection.User} on SRM {connection.Name} {connection.Version} (vCenter Server {connection.VcName})";
            return DisplayText.OneLine(ReferenceEquals(connection, current) ? tip + ", the default connection" : tip);
        }
    }
}
