; Inno Setup script for Windows: packs the PyInstaller folder (dist\Seance) into one installer.
; Build on Windows after `pyinstaller packaging\seance.spec`: iscc packaging\seance.iss
; Installs per user (no administrator rights needed on a town-hall laptop), French interface.
#define AppVersion "0.1.0"

[Setup]
AppId={{6C1E2F5B-6A44-4C59-9C1B-5EA5CE000001}
AppName=Séance
AppVersion={#AppVersion}
AppPublisher=Séance
DefaultDirName={localappdata}\Programs\Seance
DefaultGroupName=Séance
PrivilegesRequired=lowest
OutputBaseFilename=Seance-{#AppVersion}-installation
Compression=lzma2/ultra64
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Files]
Source: "..\dist\Seance\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Séance"; Filename: "{app}\Seance.exe"
Name: "{userdesktop}\Séance"; Filename: "{app}\Seance.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Créer une icône sur le bureau"; Flags: unchecked

[Run]
Filename: "{app}\Seance.exe"; Description: "Lancer Séance"; Flags: nowait postinstall skipifsilent
