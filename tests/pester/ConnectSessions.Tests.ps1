#Requires -Version 7.2
# No Connect-SrmServer leaves a session on the appliance that the caller cannot reach: it returns the connection,
# or closes the session (DELETE /session) before it fails.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 300
    $script:cred = Get-SrmTestCredential
    $b = Get-SrmSimulatorSite vc-b
    $c = Get-SrmSimulatorSite vc-c
    $script:wrongCred = Get-SrmTestCredential $b.PscUsername 'not-the-password'
    $setup = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault
    New-SrmPairing -Connection $setup -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred | Wait-SrmTask | Out-Null
    New-SrmPairing -Connection $setup -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $cred | Wait-SrmTask | Out-Null
    Disconnect-SrmServer -Connection $setup

    $script:connect = @{ Server = $sim.Server; Credential = $cred; CertificateThumbprint = $sim.Thumbprint; MaximumRetryCount = 0 }

    function script:Get-LiveSessions {
        [int] (Invoke-SrmSimulatorControl -Simulator $sim -Path sessions).live
    }

    function script:Add-Fault([hashtable] $Rule) {
        Invoke-SrmSimulatorControl -Simulator $sim -Path faults -Method Post -Body $Rule | Out-Null
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Connect-SrmServer -RemoteCredential when a remote site refuses' {
    It 'returns the connection and writes one error per refused site (default error action)' {
        $before = Get-LiveSessions
        $out = Connect-SrmServer @connect -NotDefault -RemoteCredential $wrongCred -ErrorVariable failed -ErrorAction SilentlyContinue
        try {
            $out | Should -BeOfType 'Srm.Client.Models.SrmConnection'
            $out.IsConnected | Should -BeTrue
            @($failed).Count | Should -Be 2
            Get-LiveSessions | Should -Be ($before + 1) -Because 'the session was handed to the caller'
        } finally {
            Disconnect-SrmServer -Connection $out
        }
        Get-LiveSessions | Should -Be $before
    }

    It 'with -ErrorAction Stop, stops at the first refused site and closes the session it opened' {
        $before = Get-LiveSessions
        $err = $null
        $out = $null
        try {
            $out = Connect-SrmServer @connect -NotDefault -RemoteCredential $wrongCred -ErrorAction Stop
        } catch {
            $err = $_
        }
        $err | Should -Not -BeNullOrEmpty
        Assert-SrmError $err -ErrorId SrmRemoteLoginFailed -Category AuthenticationError
        $out | Should -BeNullOrEmpty
        Get-LiveSessions | Should -Be $before -Because 'nobody can reach that session any more'
    }

    It 'with -ErrorAction Stop, keeps the earlier default connection' {
        $default = Connect-SrmServer @connect
        try {
            { Connect-SrmServer @connect -RemoteCredential $wrongCred -ErrorAction Stop } | Should -Throw -ErrorId 'SrmRemoteLoginFailed*'
            [object]::ReferenceEquals((Get-SrmPairing -IncludeSelf)[0].Connection, $default) | Should -BeTrue
        } finally {
            Disconnect-SrmServer -Connection $default
        }
    }

    It 'with $ErrorActionPreference = ''Stop'', closes the session too' {
        $before = Get-LiveSessions
        {
            $ErrorActionPreference = 'Stop'
            Connect-SrmServer @connect -NotDefault -RemoteCredential $wrongCred
        } | Should -Throw -ErrorId 'SrmRemoteLoginFailed*'
        Get-LiveSessions | Should -Be $before
    }
}

Describe 'Connect-SrmServer when a step after the login fails' {
    AfterEach {
        Invoke-SrmSimulatorControl -Simulator $sim -Path faults -Method Delete | Out-Null
    }

    It 'closes the session when GET /server/info fails' {
        $before = Get-LiveSessions
        Add-Fault @{ kind = 'status'; status = 500; endpoint = 'GET /server/info'; count = 1 }
        $err = Get-ErrorRecord { Connect-SrmServer @connect -NotDefault }
        Assert-SrmError $err[-1] -ErrorId SrmServerError -Category InvalidResult
        Get-LiveSessions | Should -Be $before
    }

    It 'closes the session when GET /server/info answers with garbled JSON' {
        $before = Get-LiveSessions
        Add-Fault @{ kind = 'malformed'; endpoint = 'GET /server/info'; count = 1 }
        $err = Get-ErrorRecord { Connect-SrmServer @connect -NotDefault }
        Assert-SrmError $err[-1] -ErrorId SrmInvalidResponse -Category InvalidData
        Get-LiveSessions | Should -Be $before
    }

    It 'closes the session when stopped (Ctrl+C) while GET /server/info is under way' {
        $before = Get-LiveSessions
        $asked = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'GET /server/info'
        Add-Fault @{ kind = 'latency'; ms = 60000; endpoint = 'GET /server/info'; count = 1 }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Get-SrmModulePath)'; & { param(`$p) Connect-SrmServer @p -NotDefault } @args").AddArgument($connect)
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'GET /server/info') -eq $asked -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            $async.IsCompleted | Should -BeFalse -Because 'the answer takes a minute'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally {
            $ps.Dispose()
        }
        Get-LiveSessions | Should -Be $before
    }
}
