// Entry point of the bundle: styles, the dashboard modules, and the shell.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import {DASHBOARDS} from './dashboards/index.js';
import {startApp} from './shell/app.js';

startApp(DASHBOARDS);
