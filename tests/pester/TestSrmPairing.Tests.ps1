BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmTwoSites.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:cred = Get-SrmTestCredential
    $script:pair = Start-SrmSitePair -Directory $TestDrive
    $script:simA = $pair.A
    $script:simB = $pair.B
    $script:vcB = $pair.SiteB

    function script:Get-Check([object[]] $Checks, [string] $Name) {
        $found = @($Checks | Where-Object Name -eq $Name)
        $found.Count | Should -Be 1 -Because "there is one $Name check"
        $found[0]
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:simA
    Stop-SrmSimulator -Simulator $script:simB
}

Describe 'Test-SrmPairing' {
    BeforeEach {
        Invoke-SrmSimulatorControl -Simulator $simA -Path reset -Method Post | Out-Null
        $script:a = Connect-SrmServer -Server $simA.Server -Credential $cred -CertificateThumbprint $simA.Thumbprint
        $script:b = Connect-SrmServer -Server $simB.Server -Credential $cred -CertificateThumbprint $simB.Thumbprint -NotDefault
    }

    AfterEach {
        Disconnect-SrmServer -Connection $a, $b -ErrorAction SilentlyContinue
    }

    It 'writes one typed check per check and creates nothing' {
        $checks = Test-SrmPairing -RemotePscUrl $vcB.PscUrl -RemoteVcGuid $vcB.VcGuid -RemoteCredential $cred
        $checks | Should -BeOfType 'Srm.Client.Models.SrmPairingCheck'
        $checks.Name | Should -Be @('Input', 'NotSelf', 'NotPaired', 'RemotePscReachable', 'RemotePscThumbprint', 'RemoteSrmThumbprint', 'RemoteVcGuid', 'ExtensionKey')
        (Get-Check $checks Input).Result | Should -Be 'Passed'
        (Get-Check $checks NotSelf).Result | Should -Be 'Passed'
        (Get-Check $checks NotPaired).Result | Should -Be 'Passed'
        (Get-Check $checks RemotePscThumbprint).Result | Should -Be 'Skipped'
        (Get-Check $checks ExtensionKey).Result | Should -Be 'Skipped'
        Get-SrmSimulatorRequestCount -Simulator $simA -Endpoint 'POST /pairings' | Should -Be 0
        [int] [Srm.Client.Models.SrmCheckResult]::Passed | Should -Not -Be 0 -Because 'no result may read as $false'
    }

    It 'fails RemotePscReachable with a clear message when the PSC name does not resolve here' {
        $check = Get-Check (Test-SrmPairing -RemotePscUrl $vcB.PscUrl -RemoteVcGuid $vcB.VcGuid -RemotePscThumbprint $vcB.PscThumbprint) RemotePscReachable
        $check.Result | Should -Be 'Failed'
        $check.Message | Should -BeLike "*vc-b.example.com:443*could not be reached*"
        (Get-Check (Test-SrmPairing -RemotePscUrl $vcB.PscUrl -RemoteVcGuid $vcB.VcGuid -RemotePscThumbprint $vcB.PscThumbprint) RemotePscThumbprint).Result |
            Should -Be 'Skipped'
    }

    It 'checks the PSC certificate against -RemotePscThumbprint on a reachable TLS endpoint' {
        # Simulator B stands in for a reachable PSC.
        $good = Test-SrmPairing -RemotePscUrl 127.0.0.1 -RemotePscPort $simB.Port -RemoteVcGuid $vcB.VcGuid -RemotePscThumbprint $pair.CertB.Sha1Thumbprint
        (Get-Check $good RemotePscReachable).Result | Should -Be 'Passed'
        (Get-Check $good RemotePscThumbprint).Result | Should -Be 'Passed'
        $bad = Get-Check (Test-SrmPairing -RemotePscUrl 127.0.0.1 -RemotePscPort $simB.Port -RemoteVcGuid $vcB.VcGuid -RemotePscThumbprint $simA.Thumbprint) RemotePscThumbprint
        $bad.Result | Should -Be 'Failed'
        $bad.Message | Should -BeLike "*$($pair.CertB.Sha256Thumbprint)*does not match -RemotePscThumbprint*"
    }

    It 'fails NotSelf for the site''s own vCenter Server' {
        $check = Get-Check (Test-SrmPairing -RemotePscUrl vc-a.example.com -RemoteVcGuid $a.VcGuid) NotSelf
        $check.Result | Should -Be 'Failed'
        $check.Message | Should -BeLike '*cannot pair with itself*'
    }

    It 'fails NotPaired once paired, naming the pairing, and reads the pairings once per pipeline' {
        New-SrmPairing -RemoteConnection $b -RemoteCredential $cred | Wait-SrmTask | Out-Null
        $pairingId = (Get-SrmPairing).PairingId
        $before = Get-SrmSimulatorRequestCount -Simulator $simA -Endpoint 'GET /pairings'
        $c = Get-SrmSimulatorSite vc-c
        $checks = @(
            [pscustomobject]@{ url = $vcB.PscUrl; pair_vc_guid = $vcB.VcGuid }
            [pscustomobject]@{ url = $c.PscUrl; pair_vc_guid = $c.VcGuid }
        ) | Test-SrmPairing
        (Get-SrmSimulatorRequestCount -Simulator $simA -Endpoint 'GET /pairings') - $before | Should -Be 1
        $notPaired = @($checks | Where-Object Name -eq NotPaired)
        $notPaired[0].Result | Should -Be 'Failed'
        $notPaired[0].Message | Should -BeLike "*$pairingId*"
        $notPaired[0].Target | Should -BeLike "*$($vcB.VcGuid)*"
        $notPaired[1].Result | Should -Be 'Passed'
    }

    It 'with -RemoteConnection: compares the vCenter GUID, the extension key and the SRM certificate' {
        $checks = Test-SrmPairing -RemoteConnection $b -RemoteVcGuid $vcB.VcGuid -RemoteSrmThumbprint $pair.CertB.Sha256Thumbprint
        (Get-Check $checks RemoteVcGuid).Result | Should -Be 'Passed'
        (Get-Check $checks ExtensionKey).Result | Should -Be 'Passed'
        (Get-Check $checks RemoteSrmThumbprint).Result | Should -Be 'Passed'
        (Get-Check $checks Input).Result | Should -Be 'Passed'
        (Get-Check $checks NotSelf).Result | Should -Be 'Passed'

        $wrong = Test-SrmPairing -RemoteConnection $b -RemoteVcGuid (Get-SrmSimulatorSite vc-c).VcGuid -RemoteSrmThumbprint $simA.Thumbprint
        (Get-Check $wrong RemoteVcGuid).Result | Should -Be 'Failed'
        (Get-Check $wrong RemoteVcGuid).Message | Should -BeLike "*is not the vCenter Server of srm-b.example.com*"
        (Get-Check $wrong RemoteSrmThumbprint).Result | Should -Be 'Failed'
    }

    It 'fails ExtensionKey when the remote SRM has another extension key' {
        $other = Start-SrmSitePair -Directory $TestDrive -BExtensionKey 'com.vmware.vcDr-custom'
        try {
            $otherB = Connect-SrmServer -Server $other.B.Server -Credential $cred -CertificateThumbprint $other.B.Thumbprint -NotDefault
            $check = Get-Check (Test-SrmPairing -RemoteConnection $otherB) ExtensionKey
            $check.Result | Should -Be 'Failed'
            $check.Message | Should -BeLike '*com.vmware.vcDr-custom*same extension key*'
            Test-SrmPairing -RemoteConnection $otherB -Quiet | Should -BeFalse
        } finally {
            Stop-SrmSimulator -Simulator $other.A
            Stop-SrmSimulator -Simulator $other.B
        }
    }

    It 'fails Input for an incomplete spec that New-SrmPairing would refuse' {
        $check = Get-Check (Test-SrmPairing -RemotePscUrl $vcB.PscUrl -RemoteVcGuid $vcB.VcGuid -RemoteSrmUrl srm-b.example.com) Input
        $check.Result | Should -Be 'Failed'
        $check.Message | Should -BeLike '*-RemoteSrmUrl (pair_srm_url)*pair_srm_thumbprint*'
    }

    It 'refuses <Name> with SrmInvalidPairingSpec naming <Parameter>, reading and probing nothing' -ForEach @(
        @{ Name = 'a PSC thumbprint that is not hex'; Override = @{ RemotePscThumbprint = 'zz' }; Parameter = '-RemotePscThumbprint'; Like = "*'z' is not a hex digit*" }
        @{ Name = 'an SRM thumbprint that is not hex'; Override = @{ RemoteSrmUrl = 'srm-b.example.com'; RemoteSrmThumbprint = 'not-hex' }; Parameter = '-RemoteSrmThumbprint'; Like = '*hex digit*' }
        @{ Name = 'a PSC URL with CR/LF'; Override = @{ RemotePscUrl = "vc-b.example.com`r`nX-Injected: 1" }; Parameter = '-RemotePscUrl'; Like = '*control character*' }
        @{ Name = 'a PSC URL with a path'; Override = @{ RemotePscUrl = 'vc-b.example.com/ui' }; Parameter = '-RemotePscUrl'; Like = '*path*' }
        @{ Name = 'a PSC URL with user:password@'; Override = @{ RemotePscUrl = 'https://administrator:Pw-In-Url-77@vc-b.example.com' }; Parameter = '-RemotePscUrl'; Like = '*names a user*' }
        @{ Name = 'a vCenter GUID that is not a GUID'; Override = @{ RemoteVcGuid = 'vc-b' }; Parameter = '-RemoteVcGuid'; Like = '*not a GUID*' }
        @{ Name = 'a port that is not a number'; Override = @{ RemotePscPort = 'abc' }; Parameter = '-RemotePscPort'; Like = "*'abc'*" }
    ) {
        $p = @{ RemotePscUrl = $vcB.PscUrl; RemoteVcGuid = $vcB.VcGuid }
        foreach ($k in $Override.Keys) { $p[$k] = $Override[$k] }
        $before = Get-SrmSimulatorRequestCount -Simulator $simA
        $checks = Test-SrmPairing @p -ErrorVariable err -ErrorAction SilentlyContinue
        @($err).Count | Should -Be 1
        Assert-SrmError $err[0] -ErrorId SrmInvalidPairingSpec -Category InvalidArgument
        "$err" | Should -BeLike "*$Parameter*"
        "$err" | Should -BeLike $Like
        "$err" | Should -Not -BeLike '*Pw-In-Url-77*'
        $checks | Should -BeNullOrEmpty
        Get-SrmSimulatorRequestCount -Simulator $simA | Should -Be $before
        Test-SrmPairing @p -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
    }

    It 'finds the pairing for a vCenter GUID given in braces and upper case' {
        New-SrmPairing -RemoteConnection $b -RemoteCredential $cred | Wait-SrmTask | Out-Null
        $checks = Test-SrmPairing -RemotePscUrl $vcB.PscUrl -RemoteVcGuid ('{' + $vcB.VcGuid.ToUpperInvariant() + '}')
        (Get-Check $checks NotPaired).Result | Should -Be 'Failed'
        (Get-Check $checks Input).Result | Should -Be 'Passed'
        (Get-Check (Test-SrmPairing -RemotePscUrl vc-a.example.com -RemoteVcGuid ('{' + $a.VcGuid.ToUpperInvariant() + '}')) NotSelf).Result | Should -Be 'Failed'
    }


    It '-Quiet is $true when nothing failed and $false otherwise' {
        $good = @(Test-SrmPairing -RemotePscUrl 127.0.0.1 -RemotePscPort $simB.Port -RemoteVcGuid $vcB.VcGuid -Quiet)
        $good.Count | Should -Be 1
        $good[0] | Should -BeOfType [bool]
        $good[0] | Should -BeTrue
        $rows = @(
            [pscustomobject]@{ url = '127.0.0.1'; port = $simB.Port; pair_vc_guid = $vcB.VcGuid }
            [pscustomobject]@{ url = '127.0.0.1'; port = $simB.Port; pair_vc_guid = $a.VcGuid }
        )
        $bad = @($rows | Test-SrmPairing -Quiet)
        $bad.Count | Should -Be 1
        $bad[0] | Should -BeFalse
    }

    It 'fails with SrmNotConnected without a connection, and SrmConnectionClosed for a closed remote one' {
        Disconnect-SrmServer -Connection $b
        $err = Get-ErrorRecord { Test-SrmPairing -RemoteConnection $b }
        Assert-SrmError $err[-1] -ErrorId SrmConnectionClosed -Category ConnectionError
        Disconnect-SrmServer -Connection $a
        $err = Get-ErrorRecord { Test-SrmPairing -RemotePscUrl $vcB.PscUrl -RemoteVcGuid $vcB.VcGuid }
        Assert-SrmError $err[-1] -ErrorId SrmNotConnected -Category ConnectionError
    }
}

Describe 'Test-SrmPairing against the simulator''s remote site endpoints' {
    BeforeAll {
        # Each remote site's PSC and SRM server is a TLS endpoint on 127.0.0.1 with its own certificate.
        $script:sim = Start-SrmSimulator -SiteEndpoints -TaskDurationMs 200
        $script:site = Get-SrmSimulatorSite vc-b -Simulator $sim
        $script:siteC = Get-SrmSimulatorSite vc-c -Simulator $sim
        $script:remoteCred = [pscredential]::new($site.PscUsername, (ConvertTo-SecureString $site.PscPassword -AsPlainText -Force))
        # The preflight of docs/pairing.md and docs/simulator.md: New-SrmPairing's parameters, PSC and SRM certificates pinned.
        $script:correct = @{
            RemotePscUrl        = $site.PscUrl
            RemotePscPort       = $site.PscPort
            RemotePscThumbprint = $site.PscThumbprint
            RemoteVcGuid        = $site.VcGuid
            RemoteSrmUrl        = $site.SrmUrl
            RemoteSrmThumbprint = $site.SrmThumbprintSha256
            RemoteCredential    = $remoteCred
        }

        function script:Get-FailedCheck([hashtable] $Parameters) {
            @(Test-SrmPairing @Parameters | Where-Object Result -eq Failed | ForEach-Object Name)
        }
    }

    AfterAll {
        Stop-SrmSimulator -Simulator $script:sim
    }

    BeforeEach {
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
    }

    AfterEach {
        Disconnect-SrmServer -Connection $conn -ErrorAction SilentlyContinue
    }

    It 'the sites point at 127.0.0.1, each server on its own port' {
        $site.PscUrl | Should -Be '127.0.0.1'
        $site.SrmUrl | Should -BeLike '127.0.0.1:*'
        @($site.PscPort, $siteC.PscPort, $site.SrmUrl, $siteC.SrmUrl, $sim.Port) | Select-Object -Unique | Should -HaveCount 5
    }

    It 'passes every check for a correct input: -Quiet is $true' {
        $checks = Test-SrmPairing @correct
        $checks | Where-Object Result -eq Failed | Should -BeNullOrEmpty
        foreach ($name in 'Input', 'NotSelf', 'NotPaired', 'RemotePscReachable', 'RemotePscThumbprint', 'RemoteSrmThumbprint') {
            ($checks | Where-Object Name -eq $name).Result | Should -Be 'Passed' -Because "$name checks a correct input"
        }
        Test-SrmPairing @correct -Quiet | Should -BeTrue
    }

    It 'passes for the PSC given as host:port and its SHA-256 thumbprint' {
        $p = $correct.Clone()
        $p.Remove('RemotePscPort')
        $p.RemotePscUrl = "127.0.0.1:$($site.PscPort)"
        $p.RemotePscThumbprint = $site.PscThumbprintSha256
        Test-SrmPairing @p -Quiet | Should -BeTrue
    }

    It 'fails for a wrong PSC thumbprint: -Quiet is $false, and only RemotePscThumbprint fails' {
        $p = $correct.Clone()
        $p.RemotePscThumbprint = $siteC.PscThumbprint
        Test-SrmPairing @p -Quiet | Should -BeFalse
        Get-FailedCheck $p | Should -Be @('RemotePscThumbprint')
        $check = Test-SrmPairing @p | Where-Object Name -eq RemotePscThumbprint
        $check.Message | Should -BeLike "*127.0.0.1:$($site.PscPort)*CN=vc-b.example.com*$($site.PscThumbprintSha256)*does not match -RemotePscThumbprint*"
    }

    It 'fails check by check: <Name>' -ForEach @(
        @{ Name = 'the PSC port of another site'; Change = { param($p) $p.RemotePscPort = $siteC.PscPort }; Failed = @('RemotePscThumbprint') }
        @{ Name = 'a wrong SRM thumbprint'; Change = { param($p) $p.RemoteSrmThumbprint = $siteC.SrmThumbprint }; Failed = @('RemoteSrmThumbprint') }
        @{ Name = 'the SRM of another site'; Change = { param($p) $p.RemoteSrmUrl = $siteC.SrmUrl }; Failed = @('RemoteSrmThumbprint') }
        @{ Name = 'the site''s own vCenter Server'; Change = { param($p) $p.RemoteVcGuid = $conn.VcGuid }; Failed = @('NotSelf') }
        @{ Name = 'a PSC port where nothing listens'; Change = { param($p) $p.RemotePscPort = $closedPort }; Failed = @('RemotePscReachable') }
        @{ Name = 'a PSC name that does not resolve'; Change = { param($p) $p.RemotePscUrl = 'vc-b.example.com'; $p.RemotePscPort = 443 }; Failed = @('RemotePscReachable') }
    ) {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $script:closedPort = $listener.LocalEndpoint.Port
        $listener.Stop()
        $p = $correct.Clone()
        & $Change $p
        Get-FailedCheck $p | Should -Be $Failed
        Test-SrmPairing @p -Quiet | Should -BeFalse
    }

    It 'New-SrmPairing pairs with the same input; Test-SrmPairing then fails NotPaired only' {
        $task = New-SrmPairing @correct | Wait-SrmTask
        $task.Status | Should -Be 'SUCCESS'
        Get-FailedCheck $correct | Should -Be @('NotPaired')
    }

    It 'New-SrmPairing with a wrong PSC thumbprint ends in an ERROR task from the simulator' {
        $p = $correct.Clone()
        $p.RemotePscThumbprint = $siteC.PscThumbprintSha256
        $task = New-SrmPairing @p | Wait-SrmTask -ErrorAction SilentlyContinue -ErrorVariable waitErr
        @($waitErr).Count + @($task | Where-Object Status -eq 'ERROR').Count | Should -BeGreaterThan 0
        "$waitErr $($task.Error)" | Should -BeLike '*thumbprint of the Platform Services Controller does not match*'
    }
}
