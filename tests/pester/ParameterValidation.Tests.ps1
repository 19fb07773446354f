#Requires -Version 7.2
# Out-of-range numbers and blank credentials are refused while the parameters are bound: a
# ParameterArgumentValidationError naming the parameter, never a raw .NET exception, and nothing is sent.

BeforeDiscovery {
    $secret = ConvertTo-SecureString 'not-used' -AsPlainText -Force
    $blankUser = [pscredential]::new(' ', $secret)
    $script:numbers = @(
        @{ Command = 'Connect-SrmServer'; Parameter = 'TimeoutSec'; Value = 0 }
        @{ Command = 'Connect-SrmServer'; Parameter = 'TimeoutSec'; Value = 86401 }
        @{ Command = 'Connect-SrmServer'; Parameter = 'TimeoutSec'; Value = [int]::MaxValue }
        @{ Command = 'Connect-SrmServer'; Parameter = 'MaximumRetryCount'; Value = -1 }
        @{ Command = 'Connect-SrmServer'; Parameter = 'MaximumRetryCount'; Value = [int]::MaxValue }
        @{ Command = 'Connect-SrmServer'; Parameter = 'RetryIntervalSec'; Value = 0 }
        @{ Command = 'Connect-SrmServer'; Parameter = 'RetryIntervalSec'; Value = [int]::MaxValue }
        @{ Command = 'Connect-SrmServer'; Parameter = 'MaxRequestsPerMinute'; Value = -1 }
        @{ Command = 'Connect-SrmServer'; Parameter = 'MaxRequestsPerMinute'; Value = [int]::MaxValue }
        @{ Command = 'Connect-SrmServer'; Parameter = 'Port'; Value = 65536 }
        @{ Command = 'Get-SrmCertificateThumbprint'; Parameter = 'TimeoutSec'; Value = 0 }
        @{ Command = 'Get-SrmCertificateThumbprint'; Parameter = 'TimeoutSec'; Value = [int]::MaxValue }
        @{ Command = 'Get-SrmCertificateThumbprint'; Parameter = 'Port'; Value = 0 }
        @{ Command = 'Wait-SrmTask'; Parameter = 'Timeout'; Value = 0 }
        @{ Command = 'Wait-SrmTask'; Parameter = 'Timeout'; Value = [int]::MaxValue }
    )
    $script:credentials = foreach ($target in @(
            @{ Command = 'Connect-SrmServer'; Parameter = 'Credential' }
            @{ Command = 'Connect-SrmServer'; Parameter = 'RemoteCredential' }
            @{ Command = 'Connect-SrmRemoteSite'; Parameter = 'Credential' }
            @{ Command = 'New-SrmPairing'; Parameter = 'RemoteCredential' }
            @{ Command = 'Test-SrmPairing'; Parameter = 'RemoteCredential' }
            @{ Command = 'Repair-SrmPairing'; Parameter = 'RemoteCredential' }
            @{ Command = 'Remove-SrmPairing'; Parameter = 'RemoteCredential' })) {
        @{ Command = $target.Command; Parameter = $target.Parameter; Value = $blankUser; Kind = 'a blank user name' }
        @{ Command = $target.Command; Parameter = $target.Parameter; Value = [pscredential]::Empty; Kind = '[pscredential]::Empty' }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator
    $script:cred = Get-SrmTestCredential
    $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault
    $vcB = Get-SrmSimulatorSite vc-b

    # A call of each command that would go ahead (and send requests) with good values.
    $script:valid = @{
        'Connect-SrmServer'            = @{ Server = $sim.Server; Credential = $cred; CertificateThumbprint = $sim.Thumbprint; NotDefault = $true }
        'Get-SrmCertificateThumbprint' = @{ Server = $sim.Server }
        'Wait-SrmTask'                 = @{ Id = 'task-1'; Connection = $conn }
        'Connect-SrmRemoteSite'        = @{ PairingId = 'pairing-1'; Connection = $conn; Credential = $cred }
        'New-SrmPairing'               = @{ Connection = $conn; RemotePscUrl = $vcB.PscUrl; RemoteVcGuid = $vcB.VcGuid; RemoteCredential = $cred }
        'Test-SrmPairing'              = @{ Connection = $conn; RemotePscUrl = $vcB.PscUrl; RemoteVcGuid = $vcB.VcGuid; RemoteCredential = $cred }
        'Repair-SrmPairing'            = @{ Connection = $conn; PairingId = 'pairing-1'; RemotePscUrl = $vcB.PscUrl; RemoteVcGuid = $vcB.VcGuid; RemoteCredential = $cred }
        'Remove-SrmPairing'            = @{ Connection = $conn; PairingId = 'pairing-1'; RemoteCredential = $cred; Confirm = $false }
    }

    # Calls $Command with its valid arguments but $Parameter = $Value; returns the error and what reached the simulator.
    function script:Invoke-Refused([string] $Command, [string] $Parameter, $Value) {
        $arguments = $valid[$Command].Clone()
        $arguments[$Parameter] = $Value
        $before = Get-SrmSimulatorRequestCount -Simulator $sim
        $err = $null
        try {
            $null = & $Command @arguments -ErrorAction Stop -WarningAction SilentlyContinue
        } catch {
            $err = $_
        }
        [pscustomobject]@{ Error = $err; Sent = (Get-SrmSimulatorRequestCount -Simulator $sim) - $before }
    }
}

AfterAll {
    Disconnect-SrmServer -Connection $script:conn -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Numeric parameters out of range' {
    It '<Command> -<Parameter> <Value> is refused at binding, and nothing is sent' -ForEach $numbers {
        $r = Invoke-Refused $Command $Parameter $Value
        $r.Error | Should -Not -BeNullOrEmpty
        $r.Error.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        "$($r.Error)" | Should -BeLike "*'$Parameter'*"
        $r.Sent | Should -Be 0
    }
}

Describe 'Blank credentials' {
    It '<Command> -<Parameter> with <Kind> is refused at binding, and nothing is sent' -ForEach $credentials {
        $r = Invoke-Refused $Command $Parameter $Value
        $r.Error | Should -Not -BeNullOrEmpty
        $r.Error.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        "$($r.Error)" | Should -BeLike "*'$Parameter'*user name*"
        $r.Sent | Should -Be 0
    }
}

Describe 'The largest values that are accepted' {
    It 'Connect-SrmServer takes -TimeoutSec 86400 -MaximumRetryCount 10 -RetryIntervalSec 60 -MaxRequestsPerMinute 10000' {
        $c = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault `
            -TimeoutSec 86400 -MaximumRetryCount 10 -RetryIntervalSec 60 -MaxRequestsPerMinute 10000
        try {
            @(Get-SrmPairing -Connection $c -IncludeSelf).Count | Should -BeGreaterThan 0
        } finally {
            Disconnect-SrmServer -Connection $c
        }
    }

    It 'Wait-SrmTask takes -Timeout 604800' {
        $task = New-SrmPairing -Connection $conn -RemotePscUrl (Get-SrmSimulatorSite vc-c).PscUrl -RemoteVcGuid (Get-SrmSimulatorSite vc-c).VcGuid -RemoteCredential $cred
        ($task | Wait-SrmTask -Timeout 604800).Status | Should -Be 'SUCCESS'
    }
}
