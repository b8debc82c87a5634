package dev.ferry.tui;

import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.CheckBox;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.GridLayout;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.RadioBoxList;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import com.googlecode.lanterna.gui2.dialogs.DialogWindow;
import com.googlecode.lanterna.gui2.dialogs.FileDialogBuilder;
import dev.ferry.app.Messages;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Download's choices before a pack is saved: compression, one data file, docker's format, and full or incremental
 * (an incremental pack's parent {@code _meta.yaml} is chosen in a file dialog).
 */
final class DownloadDialog extends DialogWindow {
    static final List<String> COMPRESSIONS = List.of("none", "lz4", "xz");

    private final RadioBoxList<String> compression = new RadioBoxList<>();
    private final CheckBox single;
    private final CheckBox docker;
    private final CheckBox incremental;
    private final Messages m;
    private final Path dir;
    private ReleasePresenter.DownloadOptions result;

    /** @param defaultCompression cfg.yaml's compressor (squashfs and tar read as none), or null */
    DownloadDialog(Messages m, Path dir, String defaultCompression, boolean singleFile, boolean dockerFormat) {
        super(m.get("tui.release.download_title"));
        this.m = m;
        this.dir = dir;
        setHints(List.of(Window.Hint.MODAL, Window.Hint.CENTERED));
        COMPRESSIONS.forEach(compression::addItem);
        String c = defaultCompression == null || defaultCompression.equals("tar") ? "none" : defaultCompression.equals("squashfs") ? "lz4" : defaultCompression;
        compression.setCheckedItem(COMPRESSIONS.contains(c) ? c : "none");
        single = new CheckBox(m.get("tui.release.download_single")).setChecked(singleFile);
        docker = new CheckBox(m.get("tui.release.download_docker")).setChecked(dockerFormat);
        incremental = new CheckBox(m.get("tui.release.download_incremental"));
        Panel p = new Panel(new GridLayout(1));
        p.addComponent(new Label(m.get("tui.release.download_compression")));
        p.addComponent(compression);
        p.addComponent(single);
        p.addComponent(docker);
        p.addComponent(incremental);
        Panel buttons = new Panel(new LinearLayout(Direction.HORIZONTAL));
        buttons.addComponent(WideButtons.of(m.get("tui.release.ok"), this::ok));
        buttons.addComponent(WideButtons.of(m.get("tui.release.cancel"), this::close));
        p.addComponent(buttons);
        setComponent(p);
    }

    private void ok() {
        Path parent = null;
        if (incremental.isChecked()) {
            File f = new FileDialogBuilder().setTitle(m.get("tui.release.download_parent")).setActionLabel(m.get("tui.release.ok"))
                    .setSelectedFile(dir.toFile()).build().showDialog(getTextGUI());
            if (f == null) return; // back to the choices
            parent = f.toPath();
        }
        result = new ReleasePresenter.DownloadOptions(compression.getCheckedItem(), single.isChecked(), docker.isChecked(), parent);
        close();
    }

    /** Shows the dialog; the choices, or null when cancelled. */
    @Override public ReleasePresenter.DownloadOptions showDialog(WindowBasedTextGUI gui) {
        super.showDialog(gui);
        return result;
    }
}
