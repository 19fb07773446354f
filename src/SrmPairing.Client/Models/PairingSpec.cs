using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using Srm.Client.Http;

namespace Srm.Client.Models
{
    /// <summary>
    /// What POST /pairings needs to pair with a remote site. The remote password stays in a SecureString until the
    /// request body is written; <see cref="ToString"/> and every other member leave it out.
    /// </summary>
    public sealed class PairingSpec
    {
        /// <summary>The PSC port used when none is given.</summary>
        public const int DefaultPscPort = 443;

        /// <summary>The remote Platform Services Controller (usually the remote vCenter Server).</summary>
        public string? PscUrl { get; set; }

        /// <summary>The remote PSC's HTTPS port (443 unless given).</summary>
        public int PscPort { get; set; } = DefaultPscPort;

        /// <summary>The thumbprint of the remote PSC's certificate, "AB:CD:..." (SHA-1 or SHA-256).</summary>
        public string? PscThumbprint { get; set; }

        /// <summary>The remote site's SSO credential.</summary>
        public SrmCredential? PscCredential { get; set; }

        /// <summary>The remote vCenter Server's instance GUID (pair_vc_guid).</summary>
        public string? VcGuid { get; set; }

        /// <summary>The remote SRM server's address (pair_srm_url); optional.</summary>
        public string? SrmUrl { get; set; }

        /// <summary>The thumbprint of the remote SRM server's certificate (pair_srm_thumbprint); optional.</summary>
        public string? SrmThumbprint { get; set; }

        /// <summary>
        /// The parts the server needs that are missing or contradict each other; empty when it is complete. The form of
        /// each value (a host name, a GUID, a thumbprint) is checked by <see cref="Pairings.PairingSpecValidator"/>.
        /// </summary>
        public IReadOnlyList<string> Validate() => Validate(srmThumbprintToBeProbed: false);

        /// <summary>
        /// As <see cref="Validate()"/>, for a spec whose remote SRM thumbprint is still to be read from
        /// <see cref="SrmUrl"/> (see <see cref="Pairings.PairingResolver.AddThumbprintsAsync"/>): with
        /// <paramref name="srmThumbprintToBeProbed"/> true, a missing <see cref="SrmThumbprint"/> is not a problem when
        /// <see cref="SrmUrl"/> is given; every other check is the same.
        /// </summary>
        /// <param name="srmThumbprintToBeProbed">True while <see cref="SrmThumbprint"/> is still to be probed.</param>
        public IReadOnlyList<string> Validate(bool srmThumbprintToBeProbed)
        {
            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(PscUrl))
            {
                problems.Add($"{Pairings.PairingSpecValidator.PscUrlLabel}: the remote PSC URL is empty.");
            }

            var port = Pairings.PairingSpecValidator.CheckPort(PscPort);
            if (port != null)
            {
                problems.Add(port);
            }

            if (string.IsNullOrWhiteSpace(VcGuid))
            {
                problems.Add($"{Pairings.PairingSpecValidator.VcGuidLabel}: the remote vCenter GUID is empty.");
            }

            if (PscCredential == null)
            {
                problems.Add("-RemoteCredential: the remote site's credential is missing.");
            }

            if (PscThumbprint != null && PscThumbprint.Trim().Length == 0)
            {
                problems.Add($"{Pairings.PairingSpecValidator.PscThumbprintLabel} is blank; leave it out or give the thumbprint.");
            }

            var hasSrmUrl = !string.IsNullOrWhiteSpace(SrmUrl);
            var hasSrmThumbprint = !string.IsNullOrWhiteSpace(SrmThumbprint) || (srmThumbprintToBeProbed && hasSrmUrl);
            if (hasSrmUrl != hasSrmThumbprint)
            {
                problems.Add(hasSrmUrl
                    ? $"{Pairings.PairingSpecValidator.SrmUrlLabel} is given without the remote SRM thumbprint ({Pairings.PairingSpecValidator.SrmThumbprintLabel}); give both or neither."
                    : $"{Pairings.PairingSpecValidator.SrmThumbprintLabel} is given without the remote SRM URL ({Pairings.PairingSpecValidator.SrmUrlLabel}); give both or neither.");
            }

            return problems;
        }

        /// <summary>The PairingSpec JSON, UTF-8. The caller clears the array once the request is sent.</summary>
        internal byte[] ToJsonBytes()
        {
            var problems = Validate();
            if (problems.Count > 0)
            {
                throw new InvalidOperationException(string.Join(" ", problems));
            }

            // Validate() has just checked that these are given.
            var pscUrl = PscUrl!.Trim();
            var vcGuid = VcGuid!.Trim();
            var credential = PscCredential!;
            return credential.UsePassword(password =>
            {
                using (var stream = new MemoryStream())
                {
                    using (var text = new StreamWriter(stream, new UTF8Encoding(false), 1024, leaveOpen: true))
                    using (var json = new JsonTextWriter(text))
                    {
                        json.WriteStartObject();
                        json.WritePropertyName("pair_psc_info");
                        json.WriteStartObject();
                        json.WritePropertyName("url");
                        json.WriteValue(pscUrl);
                        json.WritePropertyName("port");
                        json.WriteValue(PscPort);
                        json.WritePropertyName("thumbprint");
                        json.WriteValue(SrmText.IsBlank(PscThumbprint) ? null : PscThumbprint.Trim());
                        json.WritePropertyName("username");
                        json.WriteValue(credential.UserName);
                        json.WritePropertyName("password");
                        json.WriteValue(new string(password));
                        json.WriteEndObject();
                        json.WritePropertyName("pair_vc_guid");
                        json.WriteValue(vcGuid);
                        json.WritePropertyName("pair_srm_thumbprint");
                        json.WriteValue(SrmText.IsBlank(SrmThumbprint) ? null : SrmThumbprint.Trim());
                        json.WritePropertyName("pair_srm_url");
                        json.WriteValue(SrmText.IsBlank(SrmUrl) ? null : SrmUrl.Trim());
                        json.WriteEndObject();
                    }

                    var bytes = stream.ToArray();
                    Array.Clear(stream.GetBuffer(), 0, (int)stream.Length);
                    return bytes;
                }
            });
        }

        /// <summary>The spec as a message shows it; never the password.</summary>
        public override string ToString()
        {
            return $"vCenter {VcGuid} via {PscUrl}:{PscPort}" + (string.IsNullOrWhiteSpace(SrmUrl) ? string.Empty : ", SRM " + SrmUrl);
        }
    }
}
