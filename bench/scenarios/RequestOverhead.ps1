#Requires -Version 7.2
<#
Scenario b, run in a fresh pwsh: -Calls sequential `Get-SrmTask -Id` calls against as many `Invoke-RestMethod` calls
to the same URL (GET /tasks/{id}) with the same x-dr-session header and one reused -WebSession. Each run times
both sides' -Calls calls (in alternating blocks, see below) and counts the requests the simulator saw for each; the
figures of -Repeats runs are written to -ResultPath.
#>
param(
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [string] $Thumbprint,
    [Parameter(Mandatory)] [int] $Port,
    [int] $Calls = 1000,
    [int] $Repeats = 5,
    [int] $Warmup = 3000,
    [double] $WarmupSeconds = 5,
    [int] $BlockSize = 100
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' 'BenchCommon.psm1')
Import-Module SrmPairing

$cred = Get-BenchCredential
$baseUrl = "https://$Server/api/rest/srm/v2"
# The module: verified TLS (pinned), client limiter off so 1,000 calls are not paced to 50 a minute.
$conn = Connect-SrmServer -Server $Server -Credential $cred -CertificateThumbprint $Thumbprint -MaxRequestsPerMinute 0
$task = [pscustomobject]@{ url = 'vc-b.example.com'; pair_vc_guid = '7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02' } |
    New-SrmPairing -RemoteCredential $cred | Wait-SrmTask
$id = $task.Id

# The hand-written call: its own session, the header, one WebSession for every call.
$rest = Connect-BenchRest -BaseUrl $baseUrl
$url = "$baseUrl/tasks/$id"
$headers = $rest.Headers
$ws = $rest.WebSession

function Measure-Module([int] $n) {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    for ($i = 0; $i -lt $n; $i++) { $null = Get-SrmTask -Id $id }
    $clock.Elapsed.TotalMilliseconds
}

function Measure-Rest([int] $n) {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    for ($i = 0; $i -lt $n; $i++) { $null = Invoke-RestMethod -Uri $url -Headers $headers -WebSession $ws -SkipCertificateCheck -NoProxy }
    $clock.Elapsed.TotalMilliseconds
}

# Both sides warmed up to their steady state before anything is timed: this pwsh and the simulator JIT-compile
# their hot paths in tiers (and PowerShell compiles a loop after it has run a while), so the first few thousand
# calls run up to three times slower, and a side timed in that phase would be compared with the other after it.
# The warm-up alternates the sides in blocks until each has made -Warmup calls and -WarmupSeconds have passed.
$warm = [System.Diagnostics.Stopwatch]::StartNew(); $warmed = 0
while ($warmed -lt $Warmup -or $warm.Elapsed.TotalSeconds -lt $WarmupSeconds) {
    $null = Measure-Module $BlockSize
    $null = Measure-Rest $BlockSize
    $warmed += $BlockSize
}

# A machine shared with other work makes single long loops noisy, so each side's 1,000 calls run in blocks of
# -BlockSize that alternate with the other side's blocks: both see the same background load. The calls stay
# sequential; a run's figure for a side is the sum of its blocks.
$module = @(); $restMs = @(); $moduleRequests = @(); $restRequests = @()
$blocks = [math]::Ceiling($Calls / $BlockSize)
for ($r = 0; $r -lt $Repeats; $r++) {
    $m = 0.0; $h = 0.0; $mReq = 0; $hReq = 0
    for ($b = 0; $b -lt $blocks; $b++) {
        $n = [math]::Min($BlockSize, $Calls - $b * $BlockSize)
        $order = if (($r + $b) % 2) { 'Rest', 'Module' } else { 'Module', 'Rest' }
        foreach ($which in $order) {
            $before = Get-BenchSimulatorStats -Port $Port
            if ($which -eq 'Module') { $m += Measure-Module $n } else { $h += Measure-Rest $n }
            $delta = (Get-BenchRequestDelta -Before $before -After (Get-BenchSimulatorStats -Port $Port)).Total
            if ($which -eq 'Module') { $mReq += $delta } else { $hReq += $delta }
        }
    }
    $module += $m; $restMs += $h; $moduleRequests += $mReq; $restRequests += $hReq
}

Disconnect-SrmServer -Connection $conn
Write-BenchResult -Path $ResultPath -Value ([ordered]@{
        Calls          = $Calls
        ModuleMs       = $module
        RestMs         = $restMs
        ModuleRequests = $moduleRequests
        RestRequests   = $restRequests
    })
