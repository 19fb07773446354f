using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Srm.PowerShell.Completion;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Get-SrmConnection: the open connections of this runspace, the default one first, then in the order they were
    /// opened; with -Server those whose text form matches, with -Default the default one only. It reads the module's
    /// own state and sends nothing. The connections it writes are the objects Connect-SrmServer returned, so they pipe
    /// into -Connection of every cmdlet.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SrmConnection", DefaultParameterSetName = ByServerSet)]
    [OutputType(typeof(SrmConnection))]
    public sealed class GetSrmConnectionCommand : SrmCmdlet
    {
        private const string ByServerSet = "Server";
        private const string DefaultSet = "Default";

        /// <summary>
        /// Text forms, as -Connection takes them ("host", "host:port", "host:port#2", "https://host:port"), or wildcard
        /// patterns matched against each connection's text form. A text without wildcards that names no open
        /// connection is an error; a pattern that matches none gives nothing.
        /// </summary>
        [Parameter(Position = 0, ParameterSetName = ByServerSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public string[]? Server { get; set; }

        /// <summary>Only the default connection (nothing when there is none).</summary>
        [Parameter(Mandatory = true, ParameterSetName = DefaultSet)]
        public SwitchParameter Default { get; set; }

        protected override void ProcessRecord()
        {
            var current = SrmConnectionRegistry.Default;
            var open = SrmConnectionRegistry.All
                .Where(c => c.IsConnected)
                .OrderBy(c => ReferenceEquals(c, current) ? 0 : 1)
                .ToList();

            if (Default.IsPresent)
            {
                WriteObject(open.Where(c => ReferenceEquals(c, current)), true);
                return;
            }

            if (Server == null)
            {
                WriteObject(open, true);
                return;
            }

            var chosen = new HashSet<SrmConnection>();
            foreach (var text in Server)
            {
                if (WildcardPattern.ContainsWildcardCharacters(text))
                {
                    var pattern = new WildcardPattern(text.Trim(), WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                    chosen.UnionWith(open.Where(c => pattern.IsMatch(c.ToString())));
                }
                else if (SrmConnectionRegistry.TryFind(text, out var connection, out _))
                {
                    chosen.Add(connection);
                }
                else
                {
                    WriteError(SrmErrors.ConnectionNotFound(text));
                }
            }

            WriteObject(open.Where(chosen.Contains), true);
        }
    }
}
