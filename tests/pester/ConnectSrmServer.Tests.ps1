BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator
    $script:cred = Get-SrmTestCredential
}

AfterAll {
    Get-Module SrmPairing | Out-Null
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Connect-SrmServer' {
    AfterEach {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
    }

    It 'opens a session pinned by SHA-256 thumbprint and reads /server/info into the connection' {
        $c = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        $c | Should -BeOfType 'Srm.Client.Models.SrmConnection'
        $c.Server | Should -Be '127.0.0.1'
        $c.Port | Should -Be $sim.Port
        $c.User | Should -Be 'administrator@vsphere.local'
        $c.Name | Should -Be 'srm-a.example.com'
        $c.Version | Should -Be '9.0.2'
        $c.VcName | Should -Be 'vc-a.example.com'
        $c.VcGuid | Should -Be '2f9a5a4e-6c1b-4f4a-9d0e-5b8a3c1d7e01'
        $c.IsConnected | Should -BeTrue
    }

    It 'accepts "https://host:port", a lower-case thumbprint without colons, and -Port with a bare host' {
        $bare = $sim.Thumbprint.Replace(':', '').ToLowerInvariant()
        (Connect-SrmServer -Server "https://127.0.0.1:$($sim.Port)" -Credential $cred -CertificateThumbprint $bare).IsConnected | Should -BeTrue
        (Connect-SrmServer -Server 127.0.0.1 -Port $sim.Port -Credential $cred -CertificateThumbprint $sim.Thumbprint).Port | Should -Be $sim.Port
    }

    It 'becomes the default connection, so later cmdlets need no -Connection' {
        $c = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        (Get-SrmPairing -IncludeSelf).Connection | Should -Be $c
    }

    It 'leaves the default alone with -NotDefault' {
        $first = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        $second = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault
        (Get-SrmPairing -IncludeSelf).Connection | Should -Be $first
        (Get-SrmPairing -IncludeSelf -Connection $second).Connection | Should -Be $second
        Disconnect-SrmServer -Connection $second
    }

    It 'refuses the self-signed certificate by default, naming its subject, SHA-256 thumbprint and both ways out' {
        $before = (Invoke-SrmSimulatorControl -Simulator $sim -Path stats).requests
        $err = Get-ErrorRecord { Connect-SrmServer -Server $sim.Server -Credential $cred }
        Assert-SrmError $err[-1] -ErrorId SrmCertificateNotTrusted -Category SecurityError
        "$($err[-1])" | Should -BeLike '*CN=srm-a.example.com*'
        "$($err[-1])" | Should -BeLike "*$($sim.Thumbprint)*"
        "$($err[-1])" | Should -BeLike '*-CertificateThumbprint*'
        "$($err[-1])" | Should -BeLike '*-SkipCertificateCheck*'
        (Invoke-SrmSimulatorControl -Simulator $sim -Path stats).requests | Should -Be $before
    }

    It 'refuses a certificate whose thumbprint does not match the pinned one, before sending anything' {
        $before = (Invoke-SrmSimulatorControl -Simulator $sim -Path stats).requests
        $wrong = ('AB:' * 31) + 'AB'
        $err = Get-ErrorRecord { Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $wrong }
        Assert-SrmError $err[-1] -ErrorId SrmCertificateNotTrusted -Category SecurityError
        "$($err[-1])" | Should -BeLike '*does not match*'
        (Invoke-SrmSimulatorControl -Simulator $sim -Path stats).requests | Should -Be $before
    }

    It 'connects with -SkipCertificateCheck and warns that nothing is verified' {
        $c = Connect-SrmServer -Server $sim.Server -Credential $cred -SkipCertificateCheck -WarningVariable warnings -WarningAction SilentlyContinue
        $c.IsConnected | Should -BeTrue
        "$warnings" | Should -BeLike '*not verified*'
    }

    It 'reports wrong credentials as an AuthenticationError' {
        $bad = Get-SrmTestCredential -Password 'wrong'
        $err = Get-ErrorRecord { Connect-SrmServer -Server $sim.Server -Credential $bad -CertificateThumbprint $sim.Thumbprint }
        Assert-SrmError $err[-1] -ErrorId SrmAuthenticationFailed -Category AuthenticationError
        "$($err[-1])" | Should -BeLike '*user name or password is incorrect*'
    }

    It 'refuses plain http:// before connecting' {
        $err = Get-ErrorRecord { Connect-SrmServer -Server "http://127.0.0.1:$($sim.Port)" -Credential $cred -SkipCertificateCheck }
        Assert-SrmError $err[-1] -ErrorId SrmInvalidServerArgument -Category InvalidArgument
        "$($err[-1])" | Should -BeLike '*http://*'
    }

    It 'refuses a malformed thumbprint and a port that contradicts the server string' {
        Assert-SrmError (Get-ErrorRecord { Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint 'XYZ' })[-1] `
            -ErrorId SrmInvalidServerArgument -Category InvalidArgument
        Assert-SrmError (Get-ErrorRecord { Connect-SrmServer -Server $sim.Server -Port 1 -Credential $cred -SkipCertificateCheck })[-1] `
            -ErrorId SrmInvalidServerArgument -Category InvalidArgument
    }

    It 'reports an unreachable server as a ConnectionError' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $err = Get-ErrorRecord { Connect-SrmServer -Server "127.0.0.1:$port" -Credential $cred -SkipCertificateCheck -WarningAction SilentlyContinue }
        Assert-SrmError $err[-1] -ErrorId SrmConnectionFailed -Category ConnectionError
    }

    It 'shows no session id or password in its output, ToString or serialized form' {
        $c = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        $text = ($c | Format-List * | Out-String) + $c.ToString() + ($c | ConvertTo-Json -Depth 5) + [System.Management.Automation.PSSerializer]::Serialize($c, 5)
        $text | Should -Not -BeLike '*VMware1!*'
        $text | Should -Not -BeLike '*session*'
    }
}
