BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator
    $script:cred = Get-SrmTestCredential

    # A port with nothing listening: bind a listener to get a free one, then close it.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $script:closedPort = $listener.LocalEndpoint.Port
    $listener.Stop()
}

AfterAll {
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Get-SrmCertificateThumbprint' {
    It 'reads the certificate in a TLS handshake: the SHA-256 is the one the simulator prints' {
        $cert = Get-SrmCertificateThumbprint -Server $sim.Server
        $cert | Should -BeOfType 'Srm.Client.Models.SrmCertificateInfo'
        $cert.Sha256Thumbprint | Should -Be $sim.Thumbprint
        $cert.Sha1Thumbprint | Should -Match '^([0-9A-F]{2}:){19}[0-9A-F]{2}$'
        $cert.Server | Should -Be '127.0.0.1'
        $cert.Port | Should -Be $sim.Port
        $cert.Subject | Should -Not -BeNullOrEmpty
        $cert.NotAfter | Should -BeGreaterThan (Get-Date)
        $cert.IsTrusted | Should -BeFalse -Because 'the simulator''s certificate is self-signed'
    }

    It 'sends nothing to the API: no request, so no credential' {
        $before = Get-SrmSimulatorRequestCount -Simulator $sim
        Get-SrmCertificateThumbprint -Server $sim.Server | Out-Null
        Get-SrmCertificateThumbprint -Server "https://$($sim.Server)" | Out-Null
        Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
    }

    It 'takes <Form>' -ForEach @(
        @{ Form = 'host:port'; Make = { param($s) @{ Server = $s.Server } } }
        @{ Form = 'https://host:port'; Make = { param($s) @{ Server = "https://$($s.Server)" } } }
        @{ Form = 'host and -Port'; Make = { param($s) @{ Server = '127.0.0.1'; Port = $s.Port } } }
    ) {
        $p = & $Make $sim
        (Get-SrmCertificateThumbprint @p).Sha256Thumbprint | Should -Be $sim.Thumbprint
    }

    It 'gives a thumbprint that Connect-SrmServer accepts as a pin (both forms)' {
        $cert = Get-SrmCertificateThumbprint -Server $sim.Server
        foreach ($pin in $cert.Sha1Thumbprint, $cert.Sha256Thumbprint) {
            $c = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $pin -NotDefault
            $c.IsConnected | Should -BeTrue
            Disconnect-SrmServer -Connection $c
        }
    }

    It 'takes connection objects and strings from the pipeline' {
        $c = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault
        try {
            ($c | Get-SrmCertificateThumbprint).Sha256Thumbprint | Should -Be $sim.Thumbprint
            @($sim.Server, $sim.Server | Get-SrmCertificateThumbprint).Count | Should -Be 2
        } finally {
            Disconnect-SrmServer -Connection $c
        }
    }

    It 'fails with SrmConnectionFailed when nothing listens' {
        $err = Get-ErrorRecord { Get-SrmCertificateThumbprint -Server "127.0.0.1:$closedPort" -TimeoutSec 5 }
        Assert-SrmError $err[-1] -ErrorId SrmConnectionFailed -Category ConnectionError
        "$($err[-1])" | Should -BeLike "*127.0.0.1:$closedPort*"
    }

    It 'fails with SrmConnectionFailed when the name does not resolve' {
        $err = Get-ErrorRecord { Get-SrmCertificateThumbprint -Server 'no-such-host.invalid' -TimeoutSec 5 }
        Assert-SrmError $err[-1] -ErrorId SrmConnectionFailed -Category ConnectionError
        "$($err[-1])" | Should -BeLike '*no-such-host.invalid*'
    }

    It 'fails with SrmTlsHandshakeFailed when the port does not speak TLS' {
        # A plain-text server: answers the TLS client hello with an HTTP error and closes.
        $plain = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $plain.Start()
        try {
            $port = $plain.LocalEndpoint.Port
            $serve = Start-ThreadJob -ArgumentList $plain -ScriptBlock {
                param($listener)
                $client = $listener.AcceptTcpClient()
                $stream = $client.GetStream()
                $buffer = [byte[]]::new(1024)
                [void] $stream.Read($buffer, 0, $buffer.Length)
                $answer = [Text.Encoding]::ASCII.GetBytes("HTTP/1.1 400 Bad Request`r`nConnection: close`r`n`r`n")
                $stream.Write($answer, 0, $answer.Length)
                $client.Close()
            }
            $err = Get-ErrorRecord { Get-SrmCertificateThumbprint -Server "127.0.0.1:$port" -TimeoutSec 10 }
            Assert-SrmError $err[-1] -ErrorId SrmTlsHandshakeFailed -Category ProtocolError
            "$($err[-1])" | Should -BeLike '*TLS*'
            $serve | Wait-Job -Timeout 5 | Remove-Job -Force
        } finally {
            $plain.Stop()
        }
    }

    It 'refuses <Name> with SrmInvalidServerArgument' -ForEach @(
        @{ Name = 'plain http://'; Server = 'http://srm-a.example.com' }
        @{ Name = 'a path'; Server = 'https://srm-a.example.com/ui' }
    ) {
        $err = Get-ErrorRecord { Get-SrmCertificateThumbprint -Server $Server }
        Assert-SrmError $err[-1] -ErrorId SrmInvalidServerArgument -Category InvalidArgument
    }
}

Describe 'Get-SrmCertificateThumbprint of the simulator''s remote site endpoints' {
    BeforeAll {
        $script:endpointSim = Start-SrmSimulator -SiteEndpoints
    }

    AfterAll {
        Stop-SrmSimulator -Simulator $script:endpointSim
    }

    It 'reads <Name>''s PSC and SRM certificates: the thumbprints are the site''s' -ForEach @(
        @{ Name = 'vc-b' }
        @{ Name = 'vc-c' }
    ) {
        $site = Get-SrmSimulatorSite $Name -Simulator $endpointSim
        $psc = Get-SrmCertificateThumbprint -Server "$($site.PscUrl):$($site.PscPort)"
        $psc.Sha1Thumbprint | Should -Be $site.PscThumbprint
        $psc.Sha256Thumbprint | Should -Be $site.PscThumbprintSha256
        $psc.Subject | Should -Be "CN=$($site.VcName)"
        $psc.Port | Should -Be $site.PscPort

        $srm = Get-SrmCertificateThumbprint -Server $site.SrmUrl
        $srm.Sha1Thumbprint | Should -Be $site.SrmThumbprint
        $srm.Sha256Thumbprint | Should -Be $site.SrmThumbprintSha256
        $srm.Subject | Should -Be "CN=$($site.SrmName)"
        $srm.Sha256Thumbprint | Should -Not -Be $psc.Sha256Thumbprint
        $psc.Sha256Thumbprint | Should -Not -Be $endpointSim.Thumbprint -Because 'each endpoint has its own certificate'
    }
}
