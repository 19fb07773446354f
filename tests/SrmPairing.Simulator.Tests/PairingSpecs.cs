using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>PairingSpec bodies for the default sites.</summary>
public static class PairingSpecs
{
    public static RemoteSiteDefinition SiteB => SiteCatalog.DefaultRemoteSites[0];

    public static RemoteSiteDefinition SiteC => SiteCatalog.DefaultRemoteSites[1];

    /// <summary>A spec that pairs successfully with <paramref name="site"/> (PSC thumbprint null, no SRM url/thumbprint).</summary>
    public static JObject Valid(RemoteSiteDefinition? site = null)
    {
        site ??= SiteB;
        return new JObject
        {
            ["pair_psc_info"] = new JObject
            {
                ["url"] = site.PscUrl,
                ["port"] = site.PscPort,
                ["thumbprint"] = null,
                ["username"] = site.PscUsername,
                ["password"] = site.PscPassword,
            },
            ["pair_vc_guid"] = site.VcGuid.ToString(),
        };
    }

    /// <summary>A valid spec that also names the remote SRM (url and thumbprint) and the PSC thumbprint.</summary>
    public static JObject ValidWithThumbprints(RemoteSiteDefinition? site = null)
    {
        site ??= SiteB;
        var spec = Valid(site);
        spec["pair_psc_info"]!["thumbprint"] = site.PscThumbprint;
        spec["pair_srm_url"] = site.SrmUrl;
        spec["pair_srm_thumbprint"] = site.SrmThumbprint;
        return spec;
    }

    /// <summary>A copy of <paramref name="spec"/> changed by <paramref name="change"/>.</summary>
    public static JObject With(this JObject spec, Action<JObject> change)
    {
        var copy = (JObject)spec.DeepClone();
        change(copy);
        return copy;
    }
}
