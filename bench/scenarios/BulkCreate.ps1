#Requires -Version 7.2
<#
Scenario e, run in a fresh pwsh against a fresh simulator: a CSV of -Rows sites (url, port, pair_vc_guid) and the
API requests the simulator counts while they are paired (the session is opened before counting starts).

  -Mode Module    Import-Csv sites.csv | New-SrmPairing -RemoteCredential $cred
  -Mode HandLoop  the script users write today: for each row, GET /pairings to skip a site that is already paired,
                  then POST /pairings (Invoke-RestMethod, one session).
Both connections have no client-side pacing (-MaxRequestsPerMinute 0), so only the count matters, not the wait.
#>
param(
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [ValidateSet('Module', 'HandLoop')] [string] $Mode,
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [string] $Thumbprint,
    [Parameter(Mandatory)] [int] $Port,
    [int] $Rows = 50
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' 'BenchCommon.psm1')

$cred = Get-BenchCredential
$baseUrl = "https://$Server/api/rest/srm/v2"
$csv = Join-Path ([System.IO.Path]::GetTempPath()) ("srm-bench-sites-{0}.csv" -f [guid]::NewGuid().ToString('N').Substring(0, 12))
Get-BenchSiteRows -Count $Rows | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding utf8

try {
    if ($Mode -eq 'Module') {
        Import-Module SrmPairing
        $conn = Connect-SrmServer -Server $Server -Credential $cred -CertificateThumbprint $Thumbprint -MaxRequestsPerMinute 0
        $before = Get-BenchSimulatorStats -Port $Port
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $tasks = @(Import-Csv -LiteralPath $csv | New-SrmPairing -RemoteCredential $cred)
        $elapsed = $clock.Elapsed
        $after = Get-BenchSimulatorStats -Port $Port
        Disconnect-SrmServer -Connection $conn
    } else {
        $rest = Connect-BenchRest -BaseUrl $baseUrl
        $before = Get-BenchSimulatorStats -Port $Port
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $tasks = @(foreach ($row in Import-Csv -LiteralPath $csv) {
                $paired = Invoke-RestMethod -Uri "$baseUrl/pairings" -Headers $rest.Headers -WebSession $rest.WebSession -SkipCertificateCheck -NoProxy
                if (@($paired.list | Where-Object { $_.remote_vc_server -and $_.remote_vc_server.id -eq $row.pair_vc_guid }).Count) { continue }
                $body = @{
                    pair_psc_info = @{ url = $row.url; port = [int] $row.port; thumbprint = $null; username = $cred.UserName; password = $cred.GetNetworkCredential().Password }
                    pair_vc_guid  = $row.pair_vc_guid
                } | ConvertTo-Json
                Invoke-RestMethod -Method Post -Uri "$baseUrl/pairings" -Headers $rest.Headers -WebSession $rest.WebSession -SkipCertificateCheck -NoProxy `
                    -ContentType 'application/json' -Body $body
            })
        $elapsed = $clock.Elapsed
        $after = Get-BenchSimulatorStats -Port $Port
    }
} finally {
    Remove-Item -LiteralPath $csv -Force -ErrorAction SilentlyContinue
}

if ($tasks.Count -ne $Rows) { throw "$Mode started $($tasks.Count) pairing tasks for $Rows rows." }
$delta = Get-BenchRequestDelta -Before $before -After $after
Write-BenchResult -Path $ResultPath -Value ([ordered]@{
        Mode       = $Mode
        Rows       = $Rows
        Tasks      = $tasks.Count
        Requests   = $delta.Total
        RequestsBy = $delta.ByEndpoint
        ElapsedMs  = [math]::Round($elapsed.TotalMilliseconds, 1)
    })
