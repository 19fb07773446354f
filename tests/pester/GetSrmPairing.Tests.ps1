BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'SrmSpecAlternatives.psm1') -Force
    $alternatives = Get-SrmSpecAlternative
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmSpecAlternatives.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 300
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Get-SrmPairing under <Name>' -ForEach $alternatives {
    BeforeAll {
        Reset-SrmSimulatorForAlternative -Simulator $sim -Alternatives $Alternatives
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
    }

    AfterAll {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
    }

    It 'returns nothing for a site that is not paired, and the self entry only with -IncludeSelf' {
        Get-SrmPairing | Should -BeNullOrEmpty
        $self = Get-SrmPairing -IncludeSelf
        @($self).Count | Should -Be 1
        $self.IsSelf | Should -BeTrue
        $self.LocalVcServer.Id | Should -Be $conn.VcGuid
        $self.RemoteVcServer.Id | Should -Be $conn.VcGuid
    }

    It 'returns a typed pairing with local and remote servers once a pairing task succeeded' {
        New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred | Wait-SrmTask | Out-Null
        $p = Get-SrmPairing
        $p | Should -BeOfType 'Srm.Client.Models.SrmPairing'
        $p.PairingId | Should -Match '^[0-9a-f-]{36}$'
        $p.IsSelf | Should -BeFalse
        $p.LocalVcServer.Name | Should -Be 'vc-a.example.com'
        $p.RemoteVcServer.Name | Should -Be 'vc-b.example.com'
        $p.RemoteVcServer.Id | Should -Be $b.VcGuid
        $p.LocalSrmServer.Name | Should -Be 'srm-a.example.com'
        $p.RemoteSrmServer.Name | Should -Be 'srm-b.example.com'
        $p.RemoteSrmServer.ServerStatus | Should -Be 'OK'
        $p.RemoteSrmServer.Version | Should -Be '9.0.2'
        $p.RemoteSrmServer.Url | Should -Not -BeNullOrEmpty
        @(Get-SrmPairing -IncludeSelf).Count | Should -Be 2
    }

    It 'finds a pairing by -RemoteVcGuid in braces, in upper case or without dashes' {
        $guid = [guid] $b.VcGuid
        foreach ($text in $guid.ToString('B').ToUpperInvariant(), $guid.ToString('N'), " $($guid.ToString('D')) ") {
            (Get-SrmPairing -RemoteVcGuid $text).RemoteVcServer.Id | Should -Be $b.VcGuid -Because "'$text' names vc-b"
        }
    }

    It 'formats as a table' {
        Get-SrmPairing | Format-Table | Out-String | Should -BeLike '*vc-b.example.com*'
    }

    It 'sends exactly one request (GET /pairings) by default, and one more per pairing with -IncludeRemoteSession' {
        $before = Get-SrmSimulatorRequestCount -Simulator $sim
        $pairings = Get-SrmPairing -IncludeSelf
        Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be ($before + 1)
        foreach ($p in $pairings) { $p.IsRemoteLoggedIn | Should -BeNullOrEmpty }

        $before = Get-SrmSimulatorRequestCount -Simulator $sim
        $p = Get-SrmPairing -IncludeRemoteSession
        Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be ($before + 1 + 1 + $(if ($Alternatives.remote_session_not_logged_in -eq 401) { 1 } else { 0 }))
        $p.IsRemoteLoggedIn | Should -BeFalse
    }
}

Describe 'Disconnect-SrmServer' {
    BeforeAll {
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
    }

    It 'closes the default connection (DELETE /session) and later calls fail with SrmNotConnected' {
        $before = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'DELETE /session'
        Disconnect-SrmServer
        $conn.IsConnected | Should -BeFalse
        (Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'DELETE /session') - $before | Should -Be 1
        Assert-SrmError (Get-ErrorRecord { Get-SrmPairing })[-1] -ErrorId SrmNotConnected -Category ConnectionError
    }

    It 'closes connections given positionally or from the pipeline' {
        $x = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault
        $y = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault
        $sessions = (Invoke-SrmSimulatorControl -Simulator $sim -Path stats).sessions
        Disconnect-SrmServer $x
        $x, $y | Disconnect-SrmServer
        $x.IsConnected | Should -BeFalse
        $y.IsConnected | Should -BeFalse
        (Invoke-SrmSimulatorControl -Simulator $sim -Path stats).sessions | Should -Be ($sessions - 2)
        Assert-SrmError (Get-ErrorRecord { Get-SrmPairing -Connection $y })[-1] -ErrorId SrmConnectionClosed -Category ConnectionError
    }

    It 'writes SrmNotConnected when there is nothing to disconnect' {
        Assert-SrmError (Get-ErrorRecord { Disconnect-SrmServer })[-1] -ErrorId SrmNotConnected -Category ConnectionError
    }
}
