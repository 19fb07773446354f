using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using SrmPairing.Commands;
using SrmPairing.Models;

namespace SrmPairing.Completion
{
    /// <summary>
    /// Completes -Connection (and Connect-SrmServer -Server) with the open connections as "host" or "host:port",
    /// the default connection first. -Connection turns that text back into the connection.
    /// </summary>
    public sealed class ConnectionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.Pattern(wordToComplete);
            var current = SrmConnectionRegistry.Default;
            return SrmConnectionRegistry.All
                .Where(c => c.IsConnected)
                .OrderBy(c => ReferenceEquals(c, current) ? 0 : 1)
                .GroupBy(c => c.ToString())
                .Where(g => pattern.IsMatch(g.Key))
                .Select(g => new CompletionResult(CompletionText.Quote(g.Key), g.Key, CompletionResultType.ParameterValue, ToolTip(g.First(), current)))
                .ToList();
        }

        private static string ToolTip(SrmConnection connection, SrmConnection current)
        {
            var tip = $"{connection.User} on SRM {connection.Name} {connection.Version} (vCenter Server {connection.VcName})";
            return Text.DisplayText.OneLine(ReferenceEquals(connection, current) ? tip + ", the default connection" : tip);
        }
    }
}
