#Requires -Version 7.2
# -Debug, -Verbose and $DebugPreference = 'Continue' on every step of a runbook, in a fresh pwsh as a user starts
# it: with standard input closed (the interactive console host, where a prompt would read a closed input) and
# with -NonInteractive (where a prompt is an error). Each must succeed, show its records and never ask.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    $script:sim = Start-SrmSimulator -TaskDurationMs 300
    $script:b = Get-SrmSimulatorSite vc-b

    # The runbook: each step prints "STEP OK <name>" or "STEP FAILED <name> ..." between section markers.
    $script:runbook = @"
`$PSStyle.OutputRendering = 'PlainText'
`$ProgressPreference = 'SilentlyContinue'
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-SrmModulePath)'
`$cred = [pscredential]::new('administrator@vsphere.local', (ConvertTo-SecureString 'VMware1!' -AsPlainText -Force))
function Step([string] `$Name, [scriptblock] `$Body) {
    try { `$null = & `$Body; "STEP OK `$Name" }
    catch { "STEP FAILED `$Name [`$(`$_.FullyQualifiedErrorId)] `$(`$_.Exception.GetType().FullName): `$(`$_.Exception.Message)" }
}
foreach (`$style in 'Debug', 'Verbose', 'DebugPreference') {
    `$common = @{}
    if (`$style -eq 'Debug') { `$common.Debug = `$true } elseif (`$style -eq 'Verbose') { `$common.Verbose = `$true }
    `$DebugPreference = if (`$style -eq 'DebugPreference') { 'Continue' } else { 'SilentlyContinue' }
    "=== BEGIN `$style"
    Step Connect-SrmServer { Connect-SrmServer -Server '$($sim.Server)' -Credential `$cred -CertificateThumbprint '$($sim.Thumbprint)' @common }
    Step Get-SrmPairing { Get-SrmPairing @common }
    Step New-SrmPairing { New-SrmPairing -RemotePscUrl '$($b.PscUrl)' -RemoteVcGuid '$($b.VcGuid)' -RemoteCredential `$cred @common | Wait-SrmTask @common }
    Step Get-SrmTask { Get-SrmTask @common }
    Step Test-SrmPairing { Test-SrmPairing -RemotePscUrl '$($b.PscUrl)' -RemoteVcGuid '$($b.VcGuid)' @common }
    Step Remove-SrmPairing { Get-SrmPairing -RemoteVcGuid '$($b.VcGuid)' | Remove-SrmPairing -RemoteCredential `$cred -Force @common | Wait-SrmTask @common }
    Step Disconnect-SrmServer { Disconnect-SrmServer @common }
    "=== END `$style"
}
"@

    # Runs the runbook in a child pwsh: its stdout and stderr lines. -CloseInput closes its standard input at once.
    function script:Invoke-Runbook([switch] $NonInteractive, [switch] $CloseInput) {
        $pwsh = Get-SrmPwshCommand
        $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
        foreach ($a in $pwsh.Arguments) { $psi.ArgumentList.Add($a) }
        $psi.ArgumentList.Add('-NoProfile')
        if ($NonInteractive) { $psi.ArgumentList.Add('-NonInteractive') }
        # Text, not the CLIXML that an encoded command's redirected records become: the lines a user reads.
        $psi.ArgumentList.Add('-OutputFormat')
        $psi.ArgumentList.Add('Text')
        $psi.ArgumentList.Add('-EncodedCommand')
        $psi.ArgumentList.Add([Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($runbook)))
        $psi.UseShellExecute = $false
        $psi.RedirectStandardInput = $true
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.Environment['NO_COLOR'] = '1'
        $process = [System.Diagnostics.Process]::Start($psi)
        try {
            if ($CloseInput) { $process.StandardInput.Close() }
            $out = $process.StandardOutput.ReadToEndAsync()
            $err = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit(240000)) {
                $process.Kill($true)
                throw 'The child pwsh did not finish within 240 s.'
            }
            ($out.Result + "`n" + $err.Result) -split "`r?`n"
        } finally {
            $process.Dispose()
        }
    }

    # The lines of one section of the runbook's output.
    function script:Get-Section([string[]] $Lines, [string] $Style) {
        $begin = [array]::IndexOf($Lines, "=== BEGIN $Style")
        $end = [array]::IndexOf($Lines, "=== END $Style")
        if ($begin -lt 0 -or $end -lt $begin) { return @() }
        @($Lines[($begin + 1)..($end - 1)])
    }

    $script:steps = 'Connect-SrmServer', 'Get-SrmPairing', 'New-SrmPairing', 'Get-SrmTask', 'Test-SrmPairing', 'Remove-SrmPairing', 'Disconnect-SrmServer'
}

AfterAll {
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Debug and verbose records in a child pwsh' -ForEach @(
    @{ Mode = 'standard input closed'; NonInteractive = $false }
    @{ Mode = '-NonInteractive'; NonInteractive = $true }
) {
    BeforeAll {
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $script:lines = Invoke-Runbook -NonInteractive:$NonInteractive -CloseInput:(-not $NonInteractive)
        $script:text = $lines -join "`n"
    }

    It '<Mode>: never asks, fails or throws' {
        $text | Should -Not -Match 'Continue with this operation'
        $text | Should -Not -Match '\[Y\] Yes'
        $text | Should -Not -Match 'NonInteractive mode'
        $text | Should -Not -Match 'Object reference not set'
        $text | Should -Not -Match 'STEP FAILED'
    }

    It '<Mode>: <_> succeeds and writes its records' -ForEach @('Debug', 'Verbose', 'DebugPreference') {
        $section = Get-Section $lines $_
        $section | Should -Not -BeNullOrEmpty -Because $text
        foreach ($step in $steps) {
            $section | Should -Contain "STEP OK $step" -Because $text
        }
        if ($_ -eq 'Verbose') {
            @($section -match '^VERBOSE: Connected to SRM ').Count | Should -Be 1
        } else {
            @($section -match '^DEBUG: POST /session -> 200').Count | Should -Be 1
            @($section -match '^DEBUG: GET /pairings').Count | Should -BeGreaterThan 1
            @($section -match '^DEBUG: DELETE /pairings/').Count | Should -Be 1
        }
    }
}
