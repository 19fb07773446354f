#Requires -Version 7.2
# Each open connection has a text form of its own ("host:port", then "host:port#2", ...): ToString, the table view,
# tab completion and -Connection's text argument all name exactly one connection.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator
    # The simulator takes the user name in any case: two users tell the two sessions apart.
    $script:cred1 = Get-SrmTestCredential 'administrator@vsphere.local'
    $script:cred2 = Get-SrmTestCredential 'ADMINISTRATOR@VSPHERE.LOCAL'

    function script:Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }

    # The user of the connection that a command line's -Connection text picked, as the server's answer carries it.
    function script:UserPickedBy([string] $ConnectionText) {
        @(Get-SrmPairing -IncludeSelf -Connection $ConnectionText)[0].Connection.User
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Two connections to one server' {
    BeforeEach {
        # The second becomes the default: a text form that fell back to the default would pick it for both.
        $script:one = Connect-SrmServer -Server $sim.Server -Credential $cred1 -CertificateThumbprint $sim.Thumbprint -NotDefault
        $script:two = Connect-SrmServer -Server $sim.Server -Credential $cred2 -CertificateThumbprint $sim.Thumbprint
    }

    AfterEach {
        Disconnect-SrmServer -Connection $one, $two -ErrorAction SilentlyContinue
    }

    It 'gives each its own text form: host:port, then host:port#2' {
        $one.ToString() | Should -Be "127.0.0.1:$($sim.Port)"
        $two.ToString() | Should -Be "127.0.0.1:$($sim.Port)#2"
        ($two | Format-Table | Out-String) | Should -BeLike "*127.0.0.1:$($sim.Port)#2*"
    }

    It 'lists both as separate completions of -Connection, the default first' {
        $m = @(Complete 'Get-SrmPairing -Connection ' | Where-Object ListItemText -like "*:$($sim.Port)*")
        $m.Count | Should -Be 2
        $m.ListItemText | Should -Be @($two.ToString(), $one.ToString())
        $m[0].ToolTip | Should -BeLike "*$($two.User)*"
        $m[1].ToolTip | Should -BeLike "*$($one.User)*"
    }

    It 'binds each completed text, as typed on a command line, to its own connection' {
        foreach ($m in @(Complete 'Get-SrmPairing -Connection ' | Where-Object ListItemText -like "*:$($sim.Port)*")) {
            $expected = if ($m.ListItemText -eq $one.ToString()) { $one } else { $two }
            $got = & ([scriptblock]::Create("Get-SrmPairing -IncludeSelf -Connection $($m.CompletionText)"))
            [object]::ReferenceEquals(@($got)[0].Connection, $expected) | Should -BeTrue -Because "'$($m.CompletionText)' names $expected"
        }
    }

    It 'picks each connection by its text form, whichever is the default' {
        UserPickedBy $one.ToString() | Should -BeExactly $cred1.UserName
        UserPickedBy $two.ToString() | Should -BeExactly $cred2.UserName
        UserPickedBy "https://127.0.0.1:$($sim.Port)#2" | Should -BeExactly $cred2.UserName
    }

    It 'closes the one its text names' {
        Disconnect-SrmServer -Connection $two.ToString()
        $two.IsConnected | Should -BeFalse
        $one.IsConnected | Should -BeTrue
        { Get-SrmPairing -Connection "127.0.0.1:$($sim.Port)#2" } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,Srm.PowerShell.Commands.GetSrmPairingCommand' -ExpectedMessage '*no open connection*'
    }

    It 'gives a new connection the lowest free form, and never changes an open one''s' {
        Disconnect-SrmServer -Connection $one
        $three = Connect-SrmServer -Server $sim.Server -Credential $cred1 -CertificateThumbprint $sim.Thumbprint -NotDefault
        try {
            $three.ToString() | Should -Be "127.0.0.1:$($sim.Port)"
            $two.ToString() | Should -Be "127.0.0.1:$($sim.Port)#2"
            UserPickedBy $three.ToString() | Should -BeExactly $cred1.UserName
        } finally {
            Disconnect-SrmServer -Connection $three
        }
    }

    It 'offers the server once for Connect-SrmServer -Server' {
        (Complete 'Connect-SrmServer -Server ' | Where-Object ListItemText -like "*:$($sim.Port)*").CompletionText | Should -Be @($sim.Server)
    }
}
