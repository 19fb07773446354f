using System.Management.Automation;
using SrmPairing.Completion;
using SrmPairing.Http;
using SrmPairing.Models;

namespace SrmPairing.Commands
{
    /// <summary>Get-SrmPairing: the site's pairings (GET /pairings); its own "self" entry only with -IncludeSelf.</summary>
    [Cmdlet(VerbsCommon.Get, "SrmPairing")]
    [OutputType(typeof(Models.SrmPairing))]
    public sealed class GetSrmPairingCommand : SrmCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection Connection { get; set; }

        [Parameter]
        public SwitchParameter IncludeSelf { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ResolveConnection(Connection);
            try
            {
                foreach (var pairing in Run(token => connection.Client.GetPairingsAsync(token)))
                {
                    if (IncludeSelf || !pairing.IsSelf)
                    {
                        WriteObject(pairing);
                    }
                }
            }
            catch (SrmApiException ex)
            {
                WriteError(SrmErrors.FromApi(ex, connection));
            }
        }
    }
}
