@echo off
rem ferry launcher for Windows: finds ferry.jar beside this script (or ..\lib, ..\target) and runs it with the
rem bundle's runtime (..\runtime), else %%JAVA_HOME%%\bin\java.exe, else java on the PATH. JAVA_OPTS is passed to the JVM.
rem The same JVM options and class-data-sharing archive as dist/ferry (keep the two alike; CdsLaunchersTest compares them).
setlocal
set "FERRY_HERE=%~dp0"
set "FERRY_JAR_FOUND="
if defined FERRY_JAR if exist "%FERRY_JAR%" set "FERRY_JAR_FOUND=%FERRY_JAR%"
if not defined FERRY_JAR_FOUND if exist "%FERRY_HERE%ferry.jar" set "FERRY_JAR_FOUND=%FERRY_HERE%ferry.jar"
if not defined FERRY_JAR_FOUND if exist "%FERRY_HERE%..\lib\ferry.jar" set "FERRY_JAR_FOUND=%FERRY_HERE%..\lib\ferry.jar"
if not defined FERRY_JAR_FOUND if exist "%FERRY_HERE%..\target\ferry.jar" set "FERRY_JAR_FOUND=%FERRY_HERE%..\target\ferry.jar"
if not defined FERRY_JAR_FOUND (
  echo ferry: cannot find ferry.jar next to %FERRY_HERE%; build it with mvnw.cmd -q package -DskipTests 1>&2
  exit /b 2
)
set "FERRY_JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "FERRY_JAVA=%JAVA_HOME%\bin\java.exe"
if exist "%FERRY_HERE%..\runtime\bin\java.exe" set "FERRY_JAVA=%FERRY_HERE%..\runtime\bin\java.exe"
rem a serial collector for a run of seconds, unless JAVA_OPTS names a collector (see dist/ferry)
set "FERRY_GC=-XX:+UseSerialGC"
echo %JAVA_OPTS% | findstr /c:"GC" >nul && set "FERRY_GC="
rem JIT settings for a run of seconds; SHA-256 compiled to the CPU's SHA instructions at once (see dist/ferry)
set "FERRY_JIT=-XX:CompileThresholdScaling=8 -XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,sun.security.provider.DigestBase::engineUpdate,0.01 -XX:CompileCommand=CompileThresholdScaling,sun.security.provider.DigestBase::implCompressMultiBlock,0.01 -XX:CompileCommand=CompileThresholdScaling,sun.security.provider.SHA2::implCompress,0.01"
rem Class-data sharing: the first run records the classes ferry loads into an archive kept per jar and Java in
rem %%LOCALAPPDATA%%\ferry; later runs map it and start in about half the time. On Java 25 and later the record is an
rem AOT cache instead (classes linked too, and method profiles; see dist/ferry). FERRY_CDS=off skips both.
set "FERRY_CDS_OPTS="
if /i "%FERRY_CDS%"=="off" goto run
set "FERRY_CACHE=%LOCALAPPDATA%\ferry"
if not defined LOCALAPPDATA set "FERRY_CACHE=%TEMP%\ferry"
for %%J in ("%FERRY_JAR_FOUND%") do set "FERRY_STAMP=%%~zJ-%%~tJ"
rem an archive holds only for the Java that made it: its path, made fit for a file name, is part of the name
set "FERRY_JTAG=%FERRY_JAVA%"
set "FERRY_STAMP=%FERRY_STAMP%-%FERRY_JTAG:~-40%"
set "FERRY_STAMP=%FERRY_STAMP:\=_%"
set "FERRY_STAMP=%FERRY_STAMP:/=_%"
set "FERRY_STAMP=%FERRY_STAMP::=_%"
set "FERRY_STAMP=%FERRY_STAMP: =_%"
set "FERRY_STAMP=%FERRY_STAMP:(=_%"
set "FERRY_STAMP=%FERRY_STAMP:)=_%"
set "FERRY_ARCHIVE=%FERRY_CACHE%\ferry-%FERRY_STAMP%.jsa"
set "FERRY_CDS_LOG=-Xlog:cds=off -Xlog:cds+dynamic=off"
set "FERRY_AOTFILE=%FERRY_CACHE%\ferry-%FERRY_STAMP%.aot"
set "FERRY_AOT_LOG=-Xlog:aot=off -Xlog:cds=off"
if exist "%FERRY_AOTFILE%" goto aot_use
if exist "%FERRY_ARCHIVE%" goto cds_use
rem never in a shell's Tab, which must be quick
if "%~1"=="__complete" goto run
if not exist "%FERRY_CACHE%" mkdir "%FERRY_CACHE%" 2>nul
if not exist "%FERRY_CACHE%" goto run
rem the Java's feature release, from the release file of its runtime (no JVM started); java on the PATH: unknown
set "FERRY_AOT="
if /i not "%FERRY_JAVA%"=="java" for %%J in ("%FERRY_JAVA%") do if exist "%%~dpJ..\release" findstr /r /c:"^JAVA_VERSION=.2[5-9]" /c:"^JAVA_VERSION=.[3-9][0-9]" "%%~dpJ..\release" >nul 2>&1 && set "FERRY_AOT=1"
if not defined FERRY_AOT goto cds_train
rem once per jar (a few seconds): record the classes ferry uses, linked, with the training's method profiles
set "FERRY_TMP=%FERRY_CACHE%\.ferry-%FERRY_STAMP%-%RANDOM%.aot"
"%FERRY_JAVA%" %FERRY_GC% %FERRY_JIT% %JAVA_OPTS% -XX:AOTCacheOutput="%FERRY_TMP%" %FERRY_AOT_LOG% -cp "%FERRY_JAR_FOUND%" dev.ferry.cli.CdsTraining >nul 2>&1
if errorlevel 1 goto aot_failed
if not exist "%FERRY_TMP%" goto aot_failed
move /y "%FERRY_TMP%" "%FERRY_AOTFILE%" >nul 2>&1
if exist "%FERRY_AOTFILE%" goto aot_use
:aot_failed
if exist "%FERRY_TMP%" del /q "%FERRY_TMP%" >nul 2>&1
if exist "%FERRY_TMP%.config" del /q "%FERRY_TMP%.config" >nul 2>&1
:cds_train
rem once per jar (about two seconds): record the classes ferry uses
set "FERRY_TMP=%FERRY_CACHE%\.ferry-%FERRY_STAMP%-%RANDOM%.jsa"
"%FERRY_JAVA%" %FERRY_GC% %FERRY_JIT% %JAVA_OPTS% -XX:ArchiveClassesAtExit="%FERRY_TMP%" %FERRY_CDS_LOG% -cp "%FERRY_JAR_FOUND%" dev.ferry.cli.CdsTraining >nul 2>&1
if errorlevel 1 goto cds_failed
if not exist "%FERRY_TMP%" goto run
move /y "%FERRY_TMP%" "%FERRY_ARCHIVE%" >nul 2>&1
if not exist "%FERRY_ARCHIVE%" goto cds_failed
:cds_use
set "FERRY_CDS_OPTS=-XX:SharedArchiveFile="%FERRY_ARCHIVE%" %FERRY_CDS_LOG%"
goto run
:aot_use
set "FERRY_CDS_OPTS=-XX:AOTCache="%FERRY_AOTFILE%" %FERRY_AOT_LOG%"
goto run
:cds_failed
if exist "%FERRY_TMP%" del /q "%FERRY_TMP%" >nul 2>&1
:run
"%FERRY_JAVA%" %FERRY_GC% %FERRY_JIT% %JAVA_OPTS% %FERRY_CDS_OPTS% -Dfile.encoding=UTF-8 -jar "%FERRY_JAR_FOUND%" %*
exit /b %ERRORLEVEL%
