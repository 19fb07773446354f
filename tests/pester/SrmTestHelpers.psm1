#Requires -Version 7.2
# Test helpers shared by the Pester files, build.ps1's demo and anyone poking at the simulator by hand.
# Import with: Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
Set-StrictMode -Version Latest

$script:RepoRoot = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..' '..'))
$script:DefaultUser = 'administrator@vsphere.local'
$script:DefaultPassword = 'VMware1!'

function Get-SrmRepoRoot {
    <# The repository root (two levels above this file). #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $script:RepoRoot
}

function Get-SrmModulePath {
    <# The built module's manifest: out/SrmPairing/SrmPairing.psd1 (never bin/). #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    Join-Path $script:RepoRoot 'out' 'SrmPairing' 'SrmPairing.psd1'
}

function Get-SrmSimulatorPath {
    <# The published simulator: out/SrmPairing.Simulator/SrmPairing.Simulator.dll. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    Join-Path $script:RepoRoot 'out' 'SrmPairing.Simulator' 'SrmPairing.Simulator.dll'
}

function Get-SrmErrorId {
    <#
    Every error id the module can write, sorted: the ids given to ErrorRecord, SrmErrors.InvalidArgument and the
    id = "..." switch of SrmErrors.FromApi, as the sources in src/SrmPairing spell them.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $sources = Get-ChildItem -LiteralPath (Join-Path $script:RepoRoot 'src' 'SrmPairing') -Filter '*.cs' -File -Recurse |
        Where-Object FullName -NotMatch '[\\/](bin|obj)[\\/]'
    $ids = [System.Collections.Generic.SortedSet[string]]::new()
    foreach ($f in $sources) {
        $code = Get-Content -LiteralPath $f.FullName -Raw
        foreach ($m in [regex]::Matches($code, '"(Srm[A-Z]\w+)"\s*,\s*ErrorCategory\.|InvalidArgument\(\s*"(Srm[A-Z]\w+)"')) {
            $null = $ids.Add($(if ($m.Groups[1].Success) { $m.Groups[1].Value } else { $m.Groups[2].Value }))
        }
        foreach ($m in [regex]::Matches($code, '\bid\s*=\s*([^;]+);')) {
            foreach ($lit in [regex]::Matches($m.Groups[1].Value, '"(Srm[A-Z]\w+)"')) { $null = $ids.Add($lit.Groups[1].Value) }
        }
    }
    @($ids)
}

function Get-SrmTestCredential {
    <#
    .SYNOPSIS
    A test credential: by default the simulator's login, administrator@vsphere.local / VMware1!.
    .EXAMPLE
    Get-SrmTestCredential $b.PscUsername $b.PscPassword     # a remote site's login
    Get-SrmTestCredential -Password 'not-the-password'      # a wrong one
    #>
    [CmdletBinding()]
    [OutputType([pscredential])]
    param(
        [Parameter(Position = 0)] [string] $UserName = $script:DefaultUser,
        [Parameter(Position = 1)] [string] $Password = $script:DefaultPassword
    )
    [pscredential]::new($UserName, (ConvertTo-SecureString $Password -AsPlainText -Force))
}

function Get-DotnetHostPath {
    # The dotnet host that runs this pwsh (`dotnet pwsh`), else DOTNET_HOST_PATH, else dotnet on PATH.
    $self = [System.Environment]::ProcessPath
    if ($self -and [System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { return $self }
    if ($env:DOTNET_HOST_PATH -and (Test-Path -LiteralPath $env:DOTNET_HOST_PATH)) { return $env:DOTNET_HOST_PATH }
    $cmd = Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $cmd) { throw 'The dotnet host was not found (not running under dotnet, no DOTNET_HOST_PATH, no dotnet on PATH).' }
    $cmd.Source
}

function Get-SrmPwshCommand {
    <#
    .SYNOPSIS
    How to start a child pwsh like the current one: FilePath plus the leading arguments.
    .DESCRIPTION
    Under `dotnet pwsh` (the local tool) the process is dotnet itself, so the child is `dotnet <PSHOME>/pwsh.dll`.
    #>
    [CmdletBinding()]
    param()
    $self = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') {
        [pscustomobject]@{ FilePath = $self; Arguments = @((Join-Path $PSHOME 'pwsh.dll')) }
    } else {
        [pscustomobject]@{ FilePath = $self; Arguments = @() }
    }
}

function Invoke-SrmChildPwsh {
    <#
    .SYNOPSIS
    Runs a command in a fresh pwsh (-NoProfile -NonInteractive) and returns its output lines; $LASTEXITCODE is set.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Command
    )
    $pwsh = Get-SrmPwshCommand
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Command))
    & $pwsh.FilePath @($pwsh.Arguments) -NoProfile -NonInteractive -OutputFormat Text -EncodedCommand $encoded 2>&1 |
        ForEach-Object { "$_" }
}

function New-LogSink([string] $Path) {
    # Unbuffered, readable by others while it is written.
    [System.IO.FileStream]::new($Path, [System.IO.FileMode]::Create, [System.IO.FileAccess]::Write, [System.IO.FileShare]::ReadWrite, 1)
}

function Read-SharedText([string] $Path) {
    if (-not (Test-Path -LiteralPath $Path)) { return '' }
    $fs = [System.IO.FileStream]::new($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]::ReadWrite -bor [System.IO.FileShare]::Delete)
    try { [System.IO.StreamReader]::new($fs).ReadToEnd() } finally { $fs.Dispose() }
}

function Get-SrmSimulatorOutput {
    <# What the simulator has written so far (stdout, then stderr when -IncludeError). #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] [psobject] $Simulator,
        [switch] $IncludeError
    )
    process {
        $text = Read-SharedText $Simulator.StdoutPath
        if ($IncludeError) {
            $err = Read-SharedText $Simulator.StderrPath
            if ($err) { $text += "`n--- stderr ---`n" + $err }
        }
        $text
    }
}

function Start-SrmSimulator {
    <#
    .SYNOPSIS
    Starts the published simulator on a free loopback port and waits for its banner.
    .DESCRIPTION
    Runs `dotnet out/SrmPairing.Simulator/SrmPairing.Simulator.dll --port 0 --exit-on-stdin-close ...` with
    stdin, stdout and stderr redirected. stdout and stderr are pumped to temporary files (so the simulator never
    blocks on a full pipe); the banner lines `listening on https://...` and `thumbprint: AB:CD:...` are read from
    there. The simulator exits by itself when this process (which holds its stdin) goes away.
    Without -SiteEndpoints the simulator runs with --no-site-endpoints: its remote sites are those of
    sites.example.json (names that do not resolve). With -SiteEndpoints each remote site's PSC and SRM server is a
    TLS endpoint on 127.0.0.1: read the sites with Get-SrmSimulatorSite -Simulator.
    .OUTPUTS
    An object with BaseUrl, Server ('127.0.0.1:PORT'), Port, Thumbprint (SHA-256, colon form), ControlUrl,
    Process, StdoutPath, StderrPath.
    #>
    [CmdletBinding()]
    param(
        [int] $TaskDurationMs = -1,
        [string] $SitesFile,
        [string[]] $ExtraArgs = @(),
        [switch] $SiteEndpoints,
        [ValidateRange(1, 600)] [int] $TimeoutSec = 30
    )
    $dll = Get-SrmSimulatorPath
    if (-not (Test-Path -LiteralPath $dll)) {
        throw "The simulator is not built: '$dll' is missing. Run 'dotnet pwsh ./build.ps1 build' first."
    }

    $psi = [System.Diagnostics.ProcessStartInfo]::new((Get-DotnetHostPath))
    $psi.ArgumentList.Add($dll)
    foreach ($a in @('--port', '0', '--exit-on-stdin-close')) { $psi.ArgumentList.Add($a) }
    if (-not $SiteEndpoints) { $psi.ArgumentList.Add('--no-site-endpoints') }
    if ($TaskDurationMs -ge 0) {
        $psi.ArgumentList.Add('--task-duration-ms')
        $psi.ArgumentList.Add([string] $TaskDurationMs)
    }
    if ($SitesFile) {
        $psi.ArgumentList.Add('--sites')
        $psi.ArgumentList.Add((Resolve-Path -LiteralPath $SitesFile).ProviderPath)
    }
    foreach ($a in $ExtraArgs) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.CreateNoWindow = $true
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.WorkingDirectory = Split-Path -Parent $dll
    # Console logging from ASP.NET Core must not colour or buffer oddly.
    $psi.Environment['DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION'] = 'false'
    $psi.Environment['ASPNETCORE_ENVIRONMENT'] = 'Production'

    $stem = Join-Path ([System.IO.Path]::GetTempPath()) ("srm-simulator-{0}" -f [guid]::NewGuid().ToString('N').Substring(0, 12))
    $stdoutPath = "$stem.out.log"
    $stderrPath = "$stem.err.log"
    $outSink = New-LogSink $stdoutPath
    $errSink = New-LogSink $stderrPath

    $process = [System.Diagnostics.Process]::Start($psi)
    $outPump = $process.StandardOutput.BaseStream.CopyToAsync($outSink)
    $errPump = $process.StandardError.BaseStream.CopyToAsync($errSink)

    $simulator = [pscustomobject]@{
        PSTypeName = 'SrmPairing.Test.Simulator'
        BaseUrl    = $null
        Server     = $null
        Port       = 0
        Thumbprint = $null
        ControlUrl = $null
        Process    = $process
        StdoutPath = $stdoutPath
        StderrPath = $stderrPath
        Pumps      = @($outPump, $errPump)
        Sinks      = @($outSink, $errSink)
    }

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $url = $null; $thumb = $null
    while ($true) {
        $text = Read-SharedText $stdoutPath
        if (-not $url -and $text -match 'listening on (https://\S+)') { $url = $Matches[1] }
        if (-not $thumb -and $text -match 'thumbprint: ([0-9A-F:]+)') { $thumb = $Matches[1] }
        if ($url -and $thumb) { break }
        if ($process.HasExited -or [DateTime]::UtcNow -ge $deadline) {
            $why = if ($process.HasExited) { "exited with code $($process.ExitCode)" } else { "printed no banner within $TimeoutSec s" }
            if (-not $process.HasExited) { Start-Sleep -Milliseconds 200 }
            $captured = Get-SrmSimulatorOutput -Simulator $simulator -IncludeError
            Stop-SrmSimulator -Simulator $simulator
            throw "The SRM simulator $why.`nCommand: $($psi.FileName) $($psi.ArgumentList -join ' ')`n--- stdout ---`n$captured"
        }
        Start-Sleep -Milliseconds 50
    }

    $uri = [Uri] $url.TrimEnd('/')
    $simulator.BaseUrl = $uri.AbsoluteUri.TrimEnd('/')
    $simulator.Port = $uri.Port
    $simulator.Server = '{0}:{1}' -f $uri.Host, $uri.Port
    $simulator.Thumbprint = $thumb
    $simulator.ControlUrl = 'https://127.0.0.1:{0}/simulator' -f $uri.Port
    $simulator
}

function Stop-SrmSimulator {
    <# Kills a simulator started by Start-SrmSimulator, waits for it to exit and removes its log files. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] [AllowNull()] [psobject] $Simulator,
        [switch] $KeepLogs
    )
    process {
        if ($null -eq $Simulator) { return }
        $p = $Simulator.Process
        if ($p) {
            try {
                if (-not $p.HasExited) {
                    $p.Kill($true)
                }
                [void] $p.WaitForExit(15000)
            } catch [System.InvalidOperationException] {
                # Already gone.
            }
        }
        if ($Simulator.Pumps) {
            try { [void] [System.Threading.Tasks.Task]::WaitAll([System.Threading.Tasks.Task[]] $Simulator.Pumps, 5000) } catch { }
        }
        foreach ($s in @($Simulator.Sinks)) { if ($s) { $s.Dispose() } }
        if ($p) { $p.Dispose() }
        if (-not $KeepLogs) {
            foreach ($f in @($Simulator.StdoutPath, $Simulator.StderrPath)) {
                if ($f) { Remove-Item -LiteralPath $f -Force -ErrorAction SilentlyContinue }
            }
        }
    }
}

function Invoke-SrmSimulatorControl {
    <#
    .SYNOPSIS
    Calls the simulator's control endpoints (https://127.0.0.1:PORT/simulator/<Path>), e.g. GET stats, POST reset.
    .DESCRIPTION
    Certificate checks are skipped: the only host ever contacted is 127.0.0.1 on the simulator's own port.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Simulator,
        [Parameter(Mandatory)] [ValidatePattern('^[A-Za-z0-9/_\-\.?=&]+$')] [string] $Path,
        [Microsoft.PowerShell.Commands.WebRequestMethod] $Method = 'Get',
        [object] $Body
    )
    $port = [int] $Simulator.Port
    if ($port -le 0) { throw 'The simulator object has no port.' }
    $uri = 'https://127.0.0.1:{0}/simulator/{1}' -f $port, $Path.TrimStart('/')
    $irm = @{ Uri = $uri; Method = $Method; SkipCertificateCheck = $true; NoProxy = $true; TimeoutSec = 30 }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $irm.ContentType = 'application/json'
        $irm.Body = if ($Body -is [string]) { $Body } else { $Body | ConvertTo-Json -Depth 10 }
    }
    Invoke-RestMethod @irm
}

function Get-SrmSimulatorRequestCount {
    <#
    .SYNOPSIS
    How many API requests the simulator has received: all of them, or those of one endpoint
    ('GET /pairings', 'GET /tasks/{taskId}', 'POST /session', ...; 0 when it has seen none).
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] [psobject] $Simulator,
        [string] $Endpoint
    )
    $stats = Invoke-SrmSimulatorControl -Simulator $Simulator -Path stats
    if (-not $Endpoint) { return [int] $stats.requests }
    $p = $stats.by_endpoint.PSObject.Properties[$Endpoint]
    if ($p) { [int] $p.Value } else { 0 }
}

function Get-SrmSimulatorSite {
    <#
    .SYNOPSIS
    The remote sites the simulator knows, as listed in src/SrmPairing.Simulator/sites.example.json, or as a running
    simulator knows them now (-Simulator).
    .DESCRIPTION
    That file mirrors the simulator's built-in defaults (as served with --no-site-endpoints). With -Simulator the
    sites are read from its GET /simulator/sites: with remote site endpoints, PscUrl 127.0.0.1, PscPort and SrmUrl
    (127.0.0.1:PORT) are those of the endpoints and the thumbprints those of the certificates they serve; the PSC
    password, which the simulator does not show, comes from the file. -Name matches the vCenter name ('vc-b.example.com') or
    its first label ('vc-b'). Each site has Name, VcName, VcGuid, PscUrl, PscPort, PscUsername, PscPassword,
    PscThumbprint (SHA-1), PscThumbprintSha256, SrmUrl, SrmThumbprint, SrmThumbprintSha256, SrmName, SrmId.
    .EXAMPLE
    $b = Get-SrmSimulatorSite -Name vc-b
    .EXAMPLE
    $b = Get-SrmSimulatorSite vc-b -Simulator (Start-SrmSimulator -SiteEndpoints)
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string] $Name,
        [string] $Path = (Join-Path $script:RepoRoot 'src' 'SrmPairing.Simulator' 'sites.example.json'),
        [psobject] $Simulator
    )
    if (-not (Test-Path -LiteralPath $Path)) { throw "Sites file '$Path' not found." }
    $doc = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
    if (-not $doc.PSObject.Properties['remote_sites']) { throw "Sites file '$Path' has no remote_sites." }
    $fromFile = @($doc.remote_sites)
    $sites = if ($Simulator) { @((Invoke-SrmSimulatorControl -Simulator $Simulator -Path sites).remote_sites) } else { $fromFile }
    foreach ($s in $sites) {
        $site = ConvertTo-SrmSiteInfo $s
        if ($Simulator -and -not $site.PscPassword) {
            $site.PscPassword = Get-JsonValue ($fromFile | Where-Object vc_guid -eq $site.VcGuid | Select-Object -First 1) 'psc_password'
        }
        if (-not $Name -or $site.Name -eq $Name -or $site.VcName -eq $Name) { $site }
    }
}

function Get-JsonValue([psobject] $Object, [string] $Name) {
    $p = $Object.PSObject.Properties[$Name]
    if ($p) { $p.Value } else { $null }
}

function ConvertTo-SrmSiteInfo([psobject] $s) {
    $vcName = Get-JsonValue $s 'vc_name'
    [pscustomobject]@{
        PSTypeName          = 'SrmPairing.Test.SimulatorSite'
        Name                = if ($vcName) { $vcName.Split('.')[0] } else { $null }
        VcName              = $vcName
        VcGuid              = Get-JsonValue $s 'vc_guid'
        PscUrl              = Get-JsonValue $s 'psc_url'
        PscPort             = Get-JsonValue $s 'psc_port'
        PscUsername         = Get-JsonValue $s 'psc_username'
        PscPassword         = Get-JsonValue $s 'psc_password'
        PscThumbprint       = Get-JsonValue $s 'psc_thumbprint'
        PscThumbprintSha256 = Get-JsonValue $s 'psc_thumbprint_sha256'
        SrmUrl              = Get-JsonValue $s 'srm_url'
        SrmThumbprint       = Get-JsonValue $s 'srm_thumbprint'
        SrmThumbprintSha256 = Get-JsonValue $s 'srm_thumbprint_sha256'
        SrmName             = Get-JsonValue $s 'srm_name'
        SrmId               = Get-JsonValue $s 'srm_id'
    }
}

Export-ModuleMember -Function @(
    'Get-SrmRepoRoot'
    'Get-SrmModulePath'
    'Get-SrmSimulatorPath'
    'Get-SrmErrorId'
    'Get-SrmTestCredential'
    'Get-SrmPwshCommand'
    'Invoke-SrmChildPwsh'
    'Start-SrmSimulator'
    'Stop-SrmSimulator'
    'Get-SrmSimulatorOutput'
    'Invoke-SrmSimulatorControl'
    'Get-SrmSimulatorRequestCount'
    'Get-SrmSimulatorSite'
)
