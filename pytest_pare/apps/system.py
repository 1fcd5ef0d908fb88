"""The phone's home screen: the user's go_home / open_app / switch_app tools."""

from __future__ import annotations

from collections.abc import Callable

from are.simulation.apps.system import SystemApp

from pytest_pare.apps.core import StableSeedMixin
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = ["HomeScreenSystemApp"]

_NOT_WIRED = (
    "HomeScreenSystemApp.{tool} needs the environment's navigation callbacks; the "
    "environment calls set_callbacks(switch_app_callback, open_app_callback, "
    "go_home_callback) when it registers the apps."
)


class HomeScreenSystemApp(StableSeedMixin, SystemApp):
    """ARE's system app plus the user's navigation between apps.

    The navigation itself (which app is active, which are in the background)
    belongs to the environment, which wires it in through ``set_callbacks``;
    this app gives the user the tools and logs each use as a USER event.
    Opening an app that is already in the background resumes it on the screen
    where it was left; ``go_home`` sends the current app to the background.
    """

    def __init__(self, name: str | None = None) -> None:
        super().__init__(name=name)
        self._switch_app: Callable[[str], str] | None = None
        self._open_app: Callable[[str], str] | None = None
        self._go_home: Callable[[], str] | None = None

    def set_callbacks(
        self,
        switch_app_callback: Callable[[str], str],
        open_app_callback: Callable[[str], str],
        go_home_callback: Callable[[], str],
    ) -> None:
        """Wire the environment's navigation (called when the apps are registered).

        Args:
            switch_app_callback: resumes a background app by name; returns a message.
            open_app_callback: opens an app by name (resuming it if in the background).
            go_home_callback: shows the home screen; returns a message.
        """
        self._switch_app = switch_app_callback
        self._open_app = open_app_callback
        self._go_home = go_home_callback

    @property
    def is_wired(self) -> bool:
        """True once the environment has set the navigation callbacks."""
        return None not in (self._switch_app, self._open_app, self._go_home)

    @user_tool()
    @pare_event_registered()
    def go_home(self) -> str:
        """Go to the phone's home screen, from where another app can be opened.

        Returns:
            A message saying the home screen is shown.
        """
        if self._go_home is None:
            raise RuntimeError(_NOT_WIRED.format(tool="go_home"))
        return self._go_home()

    @user_tool()
    @pare_event_registered()
    def open_app(self, app_name: str) -> str:
        """Open an app.

        An app already open in the background comes back on the screen where it
        was left; otherwise it opens on its first screen.

        Args:
            app_name: The name of the app to open, exactly as listed on the home screen.

        Returns:
            A message naming the app and screen now shown.
        """
        if self._open_app is None:
            raise RuntimeError(_NOT_WIRED.format(tool="open_app"))
        return self._open_app(app_name)

    @user_tool()
    @pare_event_registered()
    def switch_app(self, app_name: str) -> str:
        """Switch to an app that is open in the background, keeping its current screen.

        Args:
            app_name: The name of an app that is already open.

        Returns:
            A message naming the app and screen now shown.
        """
        if self._switch_app is None:
            raise RuntimeError(_NOT_WIRED.format(tool="switch_app"))
        return self._switch_app(app_name)
