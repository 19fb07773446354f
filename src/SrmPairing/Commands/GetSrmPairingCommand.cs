using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Srm.PowerShell.Completion;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Get-SrmPairing: the site's pairings (GET /pairings), or those named by -PairingId (GET /pairings/{id}); the "self"
    /// entry only with -IncludeSelf. The state of this session's remote login (GET /pairings/{id}/remote-session, one
    /// request per pairing) only with -IncludeRemoteSession; otherwise it is unknown (null).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SrmPairing")]
    [OutputType(typeof(SrmPairing))]
    public sealed class GetSrmPairingCommand : SrmCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection? Connection { get; set; }

        /// <summary>Only these pairings, each read by id; an unknown id is an error.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("pairing_id")]
        [ArgumentCompleter(typeof(PairingIdCompleter))]
        public string[]? PairingId { get; set; }

        /// <summary>Only the pairings with these remote vCenter Servers (instance GUIDs).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("pair_vc_guid")]
        [ArgumentCompleter(typeof(RemoteVcGuidCompleter))]
        public string[]? RemoteVcGuid { get; set; }

        [Parameter]
        public SwitchParameter IncludeSelf { get; set; }

        /// <summary>Also reads whether this session is logged in to each pairing's remote site (one request per pairing).</summary>
        [Parameter]
        public SwitchParameter IncludeRemoteSession { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ResolveConnection(Connection);
            var pairings = new List<SrmPairing>();
            try
            {
                if (PairingId != null)
                {
                    foreach (var id in PairingId.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()))
                    {
                        try
                        {
                            pairings.Add(Call(connection, token => connection.Pairings.GetAsync(id, token)));
                        }
                        catch (SrmApiException ex) when (ex.Kind == SrmErrorKind.NotFound)
                        {
                            WriteError(SrmErrors.PairingFromApi(ex, id));
                        }
                    }
                }
                else
                {
                    pairings.AddRange(Call(connection, token => connection.Pairings.ListAsync(token)).Where(p => IncludeSelf || !p.IsSelf));
                }

                if (RemoteVcGuid != null)
                {
                    // GUIDs compared as GUIDs: braces, case and the form without dashes name the same vCenter Server.
                    var wanted = RemoteVcGuid.Where(g => !string.IsNullOrWhiteSpace(g)).ToList();
                    pairings.RemoveAll(p => p.RemoteVcGuid == null || !wanted.Any(g => PairingSpecValidator.SameGuid(g, p.RemoteVcGuid)));
                }

                if (IncludeRemoteSession)
                {
                    // One GET .../remote-session per pairing listed: only for those that are emitted. A state that cannot
                    // be read is left unknown with a warning; it never fails the listing.
                    var failures = Call(connection, token => connection.Pairings.ReadRemoteSessionsAsync(pairings, token));
                    foreach (var failure in failures)
                    {
                        WriteWarning($"The remote login state of pairing {failure.Pairing.PairingId} on {connection} could not be read, so " +
                                     $"RemoteSessionUser and IsRemoteLoggedIn are left unknown: {failure.Error?.Message}");
                    }

                    var notAsked = pairings.Count(p => !p.IsSelf && p.IsRemoteLoggedIn == null) - failures.Count;
                    if (notAsked > 0)
                    {
                        WriteWarning($"After that failure the remote login state of {notAsked} more pairing(s) was not asked for; it is left unknown.");
                    }
                }

                SrmRecentPairings.Remember(pairings);
                foreach (var pairing in pairings)
                {
                    WriteObject(pairing);
                }
            }
            catch (SrmApiException ex)
            {
                WriteError(SrmErrors.FromApi(ex, connection));
            }
        }
    }
}
