# Two simulators that stand for both sides of a pairing: B is a site of its own (its "local" block is srm-b/vc-b),
# and A knows vc-b as a remote site whose SRM is simulator B (127.0.0.1:<B's port>, B's real certificate).
# Import with: Import-Module (Join-Path $PSScriptRoot 'SrmTwoSites.psm1') -Force
Set-StrictMode -Version Latest

function Start-SrmSitePair {
    <#
    .SYNOPSIS
    Starts simulator B, reads its certificate, then simulator A whose remote site vc-b is B. Returns A, B, the
    certificate of B (SrmCertificateInfo) and the site vc-b as A knows it.
    .PARAMETER BExtensionKey
    B's extension key (the default is the same as A's, com.vmware.vcDr).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Directory,
        [string] $BExtensionKey = 'com.vmware.vcDr',
        [int] $TaskDurationMs = 300
    )
    $root = Get-SrmRepoRoot
    $example = Join-Path $root 'src' 'SrmPairing.Simulator' 'sites.example.json'
    $vcB = Get-SrmSimulatorSite vc-b

    $bSites = Join-Path $Directory ('sites-b-{0}.json' -f [guid]::NewGuid().ToString('N').Substring(0, 8))
    [ordered]@{
        local        = [ordered]@{
            srm_name      = $vcB.SrmName
            srm_id        = $vcB.SrmId
            srm_version   = '9.0.2'
            vc_name       = $vcB.VcName
            vc_guid       = $vcB.VcGuid
            extension_key = $BExtensionKey
        }
        remote_sites = @()
    } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $bSites
    $simB = Start-SrmSimulator -SitesFile $bSites -TaskDurationMs $TaskDurationMs
    $certB = Get-SrmCertificateThumbprint -Server $simB.Server

    $aSites = Join-Path $Directory ('sites-a-{0}.json' -f [guid]::NewGuid().ToString('N').Substring(0, 8))
    $doc = Get-Content -Raw -LiteralPath $example | ConvertFrom-Json
    $site = $doc.remote_sites | Where-Object vc_name -eq $vcB.VcName
    $site.srm_url = $simB.Server
    $site.srm_thumbprint = $certB.Sha1Thumbprint
    $site.srm_thumbprint_sha256 = $certB.Sha256Thumbprint
    $doc | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $aSites
    $simA = Start-SrmSimulator -SitesFile $aSites -TaskDurationMs $TaskDurationMs

    [pscustomobject]@{
        A     = $simA
        B     = $simB
        CertB = $certB
        SiteB = $vcB
    }
}

Export-ModuleMember -Function Start-SrmSitePair
